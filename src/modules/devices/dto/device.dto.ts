import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsIn, IsOptional } from 'class-validator';
import { type Platform, PLATFORMS, PUSH_PROVIDER_NAMES, type PushProviderName } from '../domain/device.js';

export class RegisterDeviceDto {
  @ApiProperty({ enum: PLATFORMS, example: 'web' }) @IsIn(PLATFORMS) platform: Platform;

  @ApiProperty({
    description:
      'The push token (`apns`: the 64 hex characters of the APNs device token; `fcm`: the FCM registration token), or for `web` the Web Push subscription (JSON text or object)',
    oneOf: [{ type: 'string' }, { type: 'object' }],
    example: { endpoint: 'https://fcm.googleapis.com/fcm/send/dXJ0…', keys: { p256dh: 'BNcR…', auth: 'tBHI…' } },
  })
  @IsDefined()
  token: unknown;

  @ApiPropertyOptional({
    enum: PUSH_PROVIDER_NAMES,
    description:
      "Who carries the pushes: `apns` (default) or `fcm` for `ios` (an app that registers through Firebase), `fcm` for `android`, `webpush` for `web`; `gateway` (the retailer's own notification gateway) for `ios` and `android`. A provider this service is not configured for is `409 PUSH_PROVIDER_UNAVAILABLE`.",
    example: 'apns',
  })
  @IsIn(PUSH_PROVIDER_NAMES)
  @IsOptional()
  provider?: PushProviderName;
}

export class DeviceCreatedDto {
  @ApiProperty({ format: 'uuid', example: '1e7d3c5b-9a8f-4e6d-8c2b-4a5f6e7d8c9b' }) id: string;
}
