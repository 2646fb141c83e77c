import { ApiProperty } from '@nestjs/swagger';

/** What a web app needs to subscribe to Web Push with this service's VAPID key. */
export class VapidPublicKeyDto {
  @ApiProperty({
    description: 'The VAPID public key (uncompressed P-256 point, base64url): the `applicationServerKey` of `PushManager.subscribe`',
    example: 'BEl62iUYgUivxIkv69yViEuiBIa-Ib9-SkvMeAtA3LFgDzkrxZJjSgSnfckjBJuBkr3qBUYIHBQFLXYp5Nksh8U',
  })
  publicKey!: string;
}
