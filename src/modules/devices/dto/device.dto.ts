import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, IsIn } from 'class-validator';
import { type Platform, PLATFORMS } from '../domain/device.js';

export class RegisterDeviceDto {
  @ApiProperty({ enum: PLATFORMS }) @IsIn(PLATFORMS) platform: Platform;

  @ApiProperty({ description: 'The push token, or for `web` the Web Push subscription (JSON text or object)', oneOf: [{ type: 'string' }, { type: 'object' }] })
  @IsDefined()
  token: unknown;
}

export class DeviceCreatedDto {
  @ApiProperty({ format: 'uuid' }) id: string;
}
