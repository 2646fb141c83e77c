import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Result } from 'ioredis';
import { RedisService } from '../../infra/redis/redis.service.js';
import type { HabitProfile } from './domain/habit-profile.js';
import { decodeProfile, encodeProfile } from './domain/profile-codec.js';
import { RedisKeys } from '../../infra/redis/redis-keys.js';
import { PROFILE_COMPARE_AND_SET_LUA } from './profile-compare-and-set.lua.js';

declare module 'ioredis' {
  interface RedisCommander<Context> {
    profileCompareAndSet(profile: string, stamp: string, expected: string, bytes: Buffer, next: string): Result<number, Context>;
  }
}

/** A profile as read from Redis, with the stamp to write it back. */
export interface StoredProfile {
  profile: HabitProfile;
  stamp: string;
}

/**
 * Habit profiles in Redis: one compact binary value per shopper, readable in one round trip, and a
 * stamp that changes with every write (the cart path reads it to notice a fresher profile).
 */
@Injectable()
export class ProfileStore {
  constructor(private readonly redis: RedisService) {
    redis.client.defineCommand('profileCompareAndSet', { numberOfKeys: 2, lua: PROFILE_COMPARE_AND_SET_LUA });
  }

  /** The stored profile, or undefined when Redis holds none (never written, or lost). */
  async read(pseudonym: string): Promise<StoredProfile | undefined> {
    const [bytes, stamp] = await this.redis.client.mgetBuffer(RedisKeys.profile(pseudonym), RedisKeys.profileStamp(pseudonym));
    if (!bytes || !stamp) return undefined;
    return { profile: decodeProfile(bytes), stamp: stamp.toString() };
  }

  /** Writes if the stamp is still `expected` ('' for "no profile yet"); false when it moved. */
  async compareAndSet(pseudonym: string, expected: string, profile: HabitProfile): Promise<string | undefined> {
    const next = ProfileStore.newStamp();
    const ok = await this.redis.client.profileCompareAndSet(
      RedisKeys.profile(pseudonym),
      RedisKeys.profileStamp(pseudonym),
      expected,
      encodeProfile(profile),
      next,
    );
    return ok === 1 ? next : undefined;
  }

  /** Returns whether there was a profile. */
  async delete(pseudonym: string): Promise<boolean> {
    const [removed] = await Promise.all([
      this.redis.client.del(RedisKeys.profile(pseudonym)),
      this.redis.client.del(RedisKeys.profileStamp(pseudonym)),
    ]);
    return removed > 0;
  }

  /** Size of a stored profile in bytes (for the bytes-per-shopper figures). */
  async size(pseudonym: string): Promise<number> {
    return this.redis.client.strlen(RedisKeys.profile(pseudonym));
  }

  /** A fresh stamp: unique per write, so a reader can tell that the profile changed. */
  static newStamp(): string {
    return `${Date.now().toString(36)}${randomBytes(4).toString('hex')}`;
  }
}
