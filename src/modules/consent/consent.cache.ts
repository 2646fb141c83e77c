import { Injectable } from '@nestjs/common';
import type { Result } from 'ioredis';
import { AppConfig } from '../../config/app-config.js';
import { RedisService } from '../../infra/redis/redis.service.js';
import { type ExplicitChoices, PURPOSES } from './domain/consent.js';
import { RedisKeys } from '../../infra/redis/redis-keys.js';
import { CONSENT_WRITE_IF_NEWER_LUA } from './consent-write-if-newer.lua.js';

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
    redis.client.defineCommand('consentWriteIfNewer', { numberOfKeys: 1, lua: CONSENT_WRITE_IF_NEWER_LUA });
  }

  async read(pseudonym: string): Promise<ExplicitChoices | undefined> {
    return ConsentCache.parse(await this.redis.client.hgetall(RedisKeys.consent(pseudonym)));
  }

  async write(pseudonym: string, version: bigint, choices: ExplicitChoices): Promise<void> {
    const fields = Object.entries(choices).flatMap(([purpose, granted]) => [purpose, granted ? '1' : '0']);
    await this.redis.client.consentWriteIfNewer(
      RedisKeys.consent(pseudonym),
      version.toString(),
      this.config.consent.cacheTtlSeconds,
      ...fields,
    );
  }

  async invalidate(pseudonym: string): Promise<void> {
    await this.redis.client.del(RedisKeys.consent(pseudonym));
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
