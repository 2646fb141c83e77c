import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiKeysModule } from '../api-keys/api-keys.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { AccessGuard } from './access.guard.js';
import { RateLimitService } from './rate-limit.service.js';
import { ShopperTokenService } from './shopper-token.service.js';
import { SocketAuthService } from './socket-auth.service.js';

@Module({
  imports: [ApiKeysModule, IdentityModule],
  providers: [RateLimitService, ShopperTokenService, SocketAuthService, { provide: APP_GUARD, useClass: AccessGuard }],
  exports: [RateLimitService, ShopperTokenService, SocketAuthService],
})
export class AuthModule {}
