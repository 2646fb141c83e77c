import { createPublicKey, createSecretKey, type KeyObject } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { errors, jwtVerify } from 'jose';
import { AppConfig } from '../../config/app-config.js';
import { AppError, ErrorCode } from '../../common/errors/app-error.js';
import { IdentityService } from '../identity/identity.service.js';
import type { ShopperPrincipal } from './domain/principal.js';

/**
 * Verifies shopper JWTs (algorithm pinned by configuration, `exp` required, `iss`/`aud` when
 * configured) and turns the `sub` (the retailer's customer id) into a pseudonym at once.
 */
@Injectable()
export class ShopperTokenService {
  private readonly key: KeyObject;

  constructor(
    private readonly config: AppConfig,
    private readonly identity: IdentityService,
  ) {
    const jwt = config.jwt;
    // Key objects, not raw bytes: jose would import raw bytes again on every verification.
    this.key = jwt.algorithm === 'HS256' ? createSecretKey(jwt.secret) : createPublicKey(jwt.publicKeyPem);
  }

  async verify(token: string): Promise<ShopperPrincipal> {
    const jwt = this.config.jwt;
    let payload;
    try {
      ({ payload } = await jwtVerify(token, this.key, {
        algorithms: [jwt.algorithm],
        issuer: jwt.issuer,
        audience: jwt.audience,
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (error) {
      const expired = error instanceof errors.JWTExpired;
      throw AppError.unauthorized(expired ? 'Token expired' : 'Invalid token');
    }
    if (typeof payload.sub !== 'string' || typeof payload.exp !== 'number') throw AppError.unauthorized('Invalid token');
    // A subject that cannot be a customer id is a bad token; anything else (the database down) is
    // an outage and must not look like a credential problem.
    const pseudonym = await this.identity.resolve(payload.sub, 'token.sub').catch((error: unknown) => {
      throw error instanceof AppError && error.code === ErrorCode.ValidationFailed ? AppError.unauthorized('Invalid token subject') : error;
    });
    this.identity.markActive(pseudonym);
    return { kind: 'shopper', pseudonym, expiresAt: payload.exp * 1000 };
  }
}
