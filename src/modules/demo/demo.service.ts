import { createSecretKey, type KeyObject } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { SignJWT } from 'jose';
import { AppError } from '../../common/errors/app-error.js';
import { AppConfig } from '../../config/app-config.js';
import { demoCatalog } from './domain/demo-catalog.js';
import { DEFAULT_DEMO_WORLD } from './domain/demo-world.js';
import { demoCustomerId, demoShopper, type DemoShopper, FEATURED_SHOPPERS, handleOf, numberOfHandle } from './domain/demo-shoppers.js';

/** A demo session lasts a working day, or less when SHOPPER_JWT_MAX_LIFETIME_SECONDS says so. */
const SESSION_SECONDS = 12 * 3600;

/**
 * The demo's shoppers and their sessions: which demo shoppers there are (from the same pure
 * generator the seed loads), and shopper tokens for them without credentials. Everything here is
 * refused as not found unless DEMO_MODE is on, which the configuration refuses in production.
 */
@Injectable()
export class DemoService {
  private featured?: DemoShopper[];
  private readonly key?: KeyObject;

  constructor(private readonly config: AppConfig) {
    const jwt = config.auth.jwt;
    if (jwt.algorithm === 'HS256') this.key = createSecretKey(jwt.secret);
  }

  shoppers(): DemoShopper[] {
    this.ensureDemoMode();
    const { seed } = DEFAULT_DEMO_WORLD;
    if (!this.featured) {
      const catalog = demoCatalog(seed);
      this.featured = Array.from({ length: FEATURED_SHOPPERS }, (_, i) => demoShopper(seed, i + 1, catalog));
    }
    return this.featured;
  }

  /** A shopper token for one of the demo world's shoppers. */
  async startSession(handle: string): Promise<{ token: string; expiresAt: Date }> {
    this.ensureDemoMode();
    const n = numberOfHandle(handle);
    if (n === undefined || n < 1 || n > DEFAULT_DEMO_WORLD.shoppers || handle !== handleOf(n)) throw AppError.notFound('Demo shopper');
    if (!this.key) {
      throw AppError.conflict(
        'Demo sessions need SHOPPER_JWT_SECRET: with only SHOPPER_JWT_PUBLIC_KEY (RS256), tokens come from your identity provider',
      );
    }
    const { issuer, audience } = this.config.auth.jwt;
    const now = Math.floor(Date.now() / 1000);
    const exp = now + Math.min(SESSION_SECONDS, this.config.auth.shopperTokenMaxLifetimeSeconds);
    let token = new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(demoCustomerId(handle))
      .setIssuedAt(now)
      .setExpirationTime(exp);
    if (issuer) token = token.setIssuer(issuer);
    if (audience) token = token.setAudience(audience);
    return { token: await token.sign(this.key), expiresAt: new Date(exp * 1000) };
  }

  private ensureDemoMode(): void {
    // Not found rather than forbidden: outside demo mode these routes do not exist.
    if (!this.config.runtime.demoMode) throw AppError.notFound('Route');
  }
}
