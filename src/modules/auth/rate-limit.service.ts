import { Injectable } from '@nestjs/common';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { AppConfig } from '../../config/app-config.js';
import { AppError, ErrorCode } from '../../common/errors/app-error.js';
import { RedisService } from '../../infra/redis/redis.service.js';

export type RateLimitSubject = 'ip' | 'key' | 'shopper' | 'handshake' | 'checkout';

/**
 * Fixed-window limits kept in Redis, so that they hold across every instance of the service:
 * per address, per API key and per shopper on HTTP, per address on socket handshakes, and per
 * shopper on cart checkouts (each one writes an order).
 * (Socket events are limited per socket, in memory: see TokenBucket.)
 */
@Injectable()
export class RateLimitService {
  private readonly limiters: Record<RateLimitSubject, RateLimiterRedis>;

  constructor(config: AppConfig, redis: RedisService) {
    const auth = config.auth;
    const make = (name: RateLimitSubject, points: number) =>
      new RateLimiterRedis({
        storeClient: redis.client,
        keyPrefix: `rl:${name}`,
        points,
        duration: auth.rateLimit.windowSeconds,
      });
    this.limiters = {
      ip: make('ip', auth.rateLimit.perIp),
      key: make('key', auth.rateLimit.perKey),
      shopper: make('shopper', auth.rateLimit.perShopper),
      handshake: make('handshake', auth.rateLimit.handshakesPerIp),
      checkout: make('checkout', auth.rateLimit.checkoutsPerShopper),
    };
  }

  /**
   * Erasure: the shopper's counter (its key, `rl:shopper:<pseudonym>`, names them until its window
   * ends). Socket handshakes count per address, not per shopper.
   */
  async forgetShopper(pseudonym: string): Promise<void> {
    await this.limiters.shopper.delete(pseudonym);
  }

  /** Counts one hit; throws RATE_LIMITED (with Retry-After) past the limit. */
  async consume(subject: RateLimitSubject, id: string): Promise<void> {
    try {
      await this.limiters[subject].consume(id);
    } catch (result) {
      if (result instanceof RateLimiterRes) {
        throw new AppError(ErrorCode.RateLimited, 'Too many requests', undefined, {
          retryAfterSeconds: Math.max(1, Math.ceil(result.msBeforeNext / 1000)),
        });
      }
      throw result;
    }
  }
}
