import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString } from 'class-validator';
import { type Platform, PLATFORMS } from '../domain/device.js';

export class RegisterDeviceDto {
  @ApiProperty({ enum: PLATFORMS }) @IsIn(PLATFORMS) platform: Platform;

  @ApiProperty({ description: 'The push token, or the Web Push subscription as JSON for `web`' })
  @IsString()
  token: string;
}

export class DeviceCreatedDto {
  @ApiProperty({ format: 'uuid' }) id: string;
}
