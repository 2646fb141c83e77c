import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Result } from 'ioredis';
import { RedisService } from '../../infra/redis/redis.service.js';
import { RedisKeys } from '../../infra/redis/redis-keys.js';
import { PRESENCE_REGISTER_LUA } from './presence-register.lua.js';

declare module 'ioredis' {
  interface RedisCommander<Context> {
    presenceRegister(key: string, field: string, ttlMs: number): Result<number, Context>;
  }
}

/** Longest a presence entry outlives its token, for clock skew between instances. */
const GRACE_MS = 60_000;

/**
 * Which instances hold sockets of a shopper: one hash per shopper, one field per connected
 * socket (`<instance id>/<socket id>`), so that registering and unregistering are idempotent and
 * never drift. The cart script reads it in the same round trip as the cart and tells whether a
 * device of the shopper is connected to another instance; only then does `cart:state` go through
 * the socket.io Redis adapter (a PUBLISH that every instance decodes), otherwise it is emitted
 * on this instance alone.
 *
 * Why this is safe: a socket joins its room before it is registered, and it is registered before
 * its first cart read, on the same connection (commands apply in order). So a change whose script
 * did not see the new device happened before that device read the cart, and its `cart:state` on
 * connect already holds the change; every later change sees it and is published. The hash lives
 * until the latest token expiry of its sockets (a socket is disconnected when its token expires),
 * so an instance that dies without unregistering only costs publishes, never a missed message.
 */
@Injectable()
export class ShopperPresence {
  /** This process: random, so that a restarted instance never takes a dead one's entries for its own. */
  readonly instanceId = randomBytes(9).toString('base64url');
  /** The prefix of this instance's fields, which the cart script skips. */
  readonly fieldPrefix = `${this.instanceId}/`;

  constructor(private readonly redis: RedisService) {
    redis.live.defineCommand('presenceRegister', { numberOfKeys: 1, lua: PRESENCE_REGISTER_LUA });
  }

  /** Records the socket until its token expires (the socket is disconnected then). */
  async register(pseudonym: string, socketId: string, expiresAt: number, now = Date.now()): Promise<void> {
    await this.redis
      .liveBatch()
      .presenceRegister(this.keyOf(pseudonym), this.fieldPrefix + socketId, Math.max(1, expiresAt - now) + GRACE_MS);
  }

  /**
   * Whether a device of the shopper is connected to any instance. An instance that died without
   * unregistering leaves its entries until their tokens expire: the shopper may look connected a
   * little longer than they are.
   */
  async isConnected(pseudonym: string): Promise<boolean> {
    return (await this.redis.live.exists(this.keyOf(pseudonym))) === 1;
  }

  async unregister(pseudonym: string, socketId: string): Promise<void> {
    await this.redis.liveBatch().hdel(this.keyOf(pseudonym), this.fieldPrefix + socketId);
  }

  /** The shopper's presence hash, as the live connection names it (in full). */
  keyOf(pseudonym: string): string {
    return this.redis.liveKey(RedisKeys.presence(pseudonym));
  }
}
