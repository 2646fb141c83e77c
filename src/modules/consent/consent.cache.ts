import { Injectable } from '@nestjs/common';
import type { Result } from 'ioredis';
import { AppConfig } from '../../config/app-config.js';
import { RedisService } from '../../infra/redis/redis.service.js';
import { type ExplicitChoices, PURPOSES } from './domain/consent.js';

/**
 * Writes a shopper's explicit choices unless the cache already holds a state at least as new.
 * Writers (a PUT) and fillers (a cache miss that read PostgreSQL) both go through it, so a slow
 * filler can never put back a state older than the one a PUT just wrote.
 */
const WRITE_IF_NEWER = `
local current = redis.call('HGET', KEYS[1], 'v')
if current and tonumber(current) >= tonumber(ARGV[1]) then return 0 end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'v', ARGV[1], unpack(ARGV, 3))
redis.call('EXPIRE', KEYS[1], ARGV[2])
return 1`;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    consentWriteIfNewer(key: string, version: string, ttl: number, ...fields: string[]): Result<number, Context>;
  }
}

/**
 * The hot-path copy of consent: one hash per shopper, `v` (ledger position) and one field per
 * purpose chosen ('1'/'0'). A missing hash means "not loaded", never "default".
 */
@Injectable()
export class ConsentCache {
  constructor(
    private readonly redis: RedisService,
    private readonly config: AppConfig,
  ) {
    redis.client.defineCommand('consentWriteIfNewer', { numberOfKeys: 1, lua: WRITE_IF_NEWER });
  }

  /** The Redis key (without the client prefix); the cart script reads it in the same round trip. */
  static keyOf(pseudonym: string): string {
    return `consent:{${pseudonym}}`;
  }

  async read(pseudonym: string): Promise<ExplicitChoices | undefined> {
    return ConsentCache.parse(await this.redis.client.hgetall(ConsentCache.keyOf(pseudonym)));
  }

  async write(pseudonym: string, version: bigint, choices: ExplicitChoices): Promise<void> {
    const fields = Object.entries(choices).flatMap(([purpose, granted]) => [purpose, granted ? '1' : '0']);
    await this.redis.client.consentWriteIfNewer(ConsentCache.keyOf(pseudonym), version.toString(), this.config.env.CONSENT_CACHE_TTL_SECONDS, ...fields);
  }

  async invalidate(pseudonym: string): Promise<void> {
    await this.redis.client.del(ConsentCache.keyOf(pseudonym));
  }

  /** Parses an HGETALL reply; undefined when the hash was not loaded. */
  static parse(hash: Record<string, string> | null | undefined): ExplicitChoices | undefined {
    if (!hash || hash.v === undefined) return undefined;
    const choices: ExplicitChoices = {};
    for (const purpose of PURPOSES) {
      const value = hash[purpose];
      if (value !== undefined) choices[purpose] = value === '1';
    }
    return choices;
  }
}
