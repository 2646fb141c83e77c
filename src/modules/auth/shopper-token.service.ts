import { createPublicKey, createSecretKey, type KeyObject } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { errors, jwtVerify } from 'jose';
import { AppConfig } from '../../config/app-config.js';
import { AppError, ErrorCode } from '../../common/errors/app-error.js';
import { IdentityService } from '../identity/identity.service.js';
import type { ShopperClaim, ShopperPrincipal } from './domain/principal.js';

/** Clocks of the retailer's identity provider and ours may differ this much (seconds). */
const CLOCK_SKEW_SECONDS = 60;

/**
 * Verifies shopper JWTs (algorithm pinned by configuration, `exp` and `iat` required, a lifetime
 * `exp - iat` of at most SHOPPER_JWT_MAX_LIFETIME_SECONDS, `iss`/`aud` when configured) and turns
 * the `sub` (the retailer's customer id) into a pseudonym at once.
 */
@Injectable()
export class ShopperTokenService {
  private readonly key: KeyObject;

  constructor(
    private readonly config: AppConfig,
    private readonly identity: IdentityService,
  ) {
    const jwt = config.auth.jwt;
    // Key objects, not raw bytes: jose would import raw bytes again on every verification.
    this.key = jwt.algorithm === 'HS256' ? createSecretKey(jwt.secret) : createPublicKey(jwt.publicKeyPem);
  }

  /** The shopper of a valid token, created on first sight. */
  async verify(token: string): Promise<ShopperPrincipal> {
    const { sub, exp } = await this.claims(token);
    // A subject that cannot be a customer id is a bad token; anything else (the database down) is
    // an outage and must not look like a credential problem.
    const pseudonym = await this.identity.resolve(sub, 'token.sub', 'sign-in').catch(asTokenError);
    this.identity.markActive(pseudonym);
    return { kind: 'shopper', pseudonym, expiresAt: exp * 1000 };
  }

  /** The shopper of a valid token without creating one: the pseudonym if known, the id's lookups either way. */
  async verifyClaim(token: string): Promise<ShopperClaim> {
    const { sub, exp } = await this.claims(token);
    const { pseudonym, lookups } = await this.identity.subjectOf(sub, 'token.sub').catch(asTokenError);
    return { kind: 'shopper-claim', pseudonym, lookups, expiresAt: exp * 1000 };
  }

  private async claims(token: string): Promise<{ sub: string; exp: number }> {
    const jwt = this.config.auth.jwt;
    let payload;
    try {
      ({ payload } = await jwtVerify(token, this.key, {
        algorithms: [jwt.algorithm],
        issuer: jwt.issuer,
        audience: jwt.audience,
        requiredClaims: ['exp', 'iat', 'sub'],
      }));
    } catch (error) {
      const expired = error instanceof errors.JWTExpired;
      throw AppError.unauthorized(expired ? 'Token expired' : 'Invalid token');
    }
    const { sub, exp, iat } = payload;
    if (typeof sub !== 'string' || typeof exp !== 'number' || typeof iat !== 'number') throw AppError.unauthorized('Invalid token');
    if (iat > Date.now() / 1000 + CLOCK_SKEW_SECONDS) throw AppError.unauthorized('Invalid token: issued in the future');
    if (exp - iat > this.config.auth.shopperTokenMaxLifetimeSeconds) throw AppError.unauthorized('Invalid token: it lives too long');
    return { sub, exp };
  }
}

function asTokenError(error: unknown): never {
  throw error instanceof AppError && error.code === ErrorCode.ValidationFailed ? AppError.unauthorized('Invalid token subject') : error;
}
