import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, IsIn } from 'class-validator';
import { type Platform, PLATFORMS } from '../domain/device.js';

export class RegisterDeviceDto {
  @ApiProperty({ enum: PLATFORMS, example: 'web' }) @IsIn(PLATFORMS) platform: Platform;

  @ApiProperty({
    description: 'The push token, or for `web` the Web Push subscription (JSON text or object)',
    oneOf: [{ type: 'string' }, { type: 'object' }],
    example: { endpoint: 'https://fcm.googleapis.com/fcm/send/dXJ0…', keys: { p256dh: 'BNcR…', auth: 'tBHI…' } },
  })
  @IsDefined()
  token: unknown;
}

export class DeviceCreatedDto {
  @ApiProperty({ format: 'uuid', example: '1e7d3c5b-9a8f-4e6d-8c2b-4a5f6e7d8c9b' }) id: string;
}
