import { type CanActivate, type ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AppError } from '../../common/errors/app-error.js';
import { ACCESS_KEY, type Access } from './access.decorator.js';
import type { AuthenticatedRequest } from './current-principal.decorator.js';
import { type Principal, roleAllows } from './domain/principal.js';
import { RateLimitService } from './rate-limit.service.js';
import { ShopperTokenService } from './shopper-token.service.js';
import { StaffKeyAuthenticator } from './staff-key.authenticator.js';

/**
 * The one guard of every HTTP route: authenticate (shopper JWT or staff API key), limit by
 * principal, then authorize (the per-address limit came first, in app.setup.ts, before any body
 * was read). A route that declares no access is refused: nothing
 * is public by omission. Registered by the application module, beside the api-keys module that
 * provides the StaffKeyAuthenticator.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger(AccessGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly rateLimits: RateLimitService,
    private readonly apiKeys: StaffKeyAuthenticator,
    private readonly shopperTokens: ShopperTokenService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const access = this.reflector.getAllAndOverride<Access | undefined>(ACCESS_KEY, [context.getHandler(), context.getClass()]);
    const req = context.switchToHttp().getRequest<Request & AuthenticatedRequest>();
    if (!access) {
      this.logger.error(`route ${req.method} ${req.path} declares no access: refused`);
      throw AppError.forbidden('Route not accessible');
    }
    if (access.kind === 'public') return true;
    const principal = await this.authenticate(req, access);
    await this.rateLimits.consume(principal.kind === 'staff' ? 'key' : 'shopper', limitKeyOf(principal));
    req.principal = principal;
    this.authorize(access, principal);
    return true;
  }

  private async authenticate(req: Request, access: Exclude<Access, { kind: 'public' }>): Promise<Principal> {
    const apiKey = req.headers['x-api-key'];
    if (typeof apiKey === 'string' && apiKey.length > 0) {
      const staff = await this.apiKeys.authenticate(apiKey);
      if (!staff) throw AppError.unauthorized('Invalid API key');
      return staff;
    }
    const authorization = req.headers.authorization;
    if (authorization?.startsWith('Bearer ')) {
      const token = authorization.slice(7).trim();
      return access.kind === 'shopper' && access.knownOnly ? this.shopperTokens.verifyClaim(token) : this.shopperTokens.verify(token);
    }
    throw AppError.unauthorized();
  }

  private authorize(access: Exclude<Access, { kind: 'public' }>, principal: Principal): void {
    if (access.kind === 'shopper') {
      if (principal.kind === 'staff') throw AppError.forbidden('Shopper endpoint: use a shopper token');
      return;
    }
    if (access.kind === 'shopper-or-staff' && principal.kind !== 'staff') return;
    // A shopper token on a staff endpoint is not a staff credential at all: 401, as the contract says.
    if (principal.kind !== 'staff') throw AppError.unauthorized('Staff endpoint: an API key is required');
    if (!roleAllows(principal.role, access.roles)) throw AppError.forbidden();
  }
}

/** Whom the per-principal rate limit counts: the key, the shopper, or a shopper unknown here by their id's lookup. */
function limitKeyOf(principal: Principal): string {
  if (principal.kind === 'staff') return principal.keyId;
  if (principal.kind === 'shopper') return principal.pseudonym;
  return principal.pseudonym ?? principal.lookups[0];
}
