import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module.js';
import { RateLimitService } from './rate-limit.service.js';
import { ShopperTokenService } from './shopper-token.service.js';
import { SocketAuthService } from './socket-auth.service.js';
import { SocketConnectionLimits } from './socket-connection-limits.js';

@Module({
  imports: [IdentityModule],
  providers: [RateLimitService, ShopperTokenService, SocketAuthService, SocketConnectionLimits],
  exports: [RateLimitService, ShopperTokenService, SocketAuthService, SocketConnectionLimits],
})
export class AuthModule {}
