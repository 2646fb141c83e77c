import { Injectable } from '@nestjs/common';
import type { Result } from 'ioredis';
import { AppConfig } from '../../config/app-config.js';
import { RedisService } from '../../infra/redis/redis.service.js';
import { type ExplicitChoices, Purpose } from '../consent/domain/consent.js';
import { ShopperPresence } from '../shopper-channel/shopper-presence.service.js';
import { RedisKeys } from '../../infra/redis/redis-keys.js';
import { DISMISS_LUA } from './cart-dismiss.lua.js';
import { CART_REPLY, cartEventScript } from './cart-event.lua.js';
import { MARK_REMINDED_LUA } from './cart-mark-reminded.lua.js';

/** See CART_REPLY: strings, and integers at the counts and flags. */
type CartEventReply = Array<string | number>;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    cartEvent(
      cart: string,
      consent: string,
      dismissed: string,
      reminded: string,
      profileStamp: string,
      presence: string,
      ...args: Array<string | number>
    ): Result<CartEventReply, Context>;
    cartMarkReminded(key: string, ttlSeconds: number, ...skus: string[]): Result<number, Context>;
    cartDismiss(key: string, sku: string, until: number, now: number, max: number): Result<number, Context>;
  }
}

export type CartOp =
  { op: 'get' } | { op: 'add'; sku: string; quantity: number } | { op: 'remove'; sku: string; quantity?: number } | { op: 'clear' };

/**
 * A shopper's keys on the live path, named in full for the unprefixed live connection: made once
 * per connected device (CartStore.keysOf), not six per event.
 */
export interface LiveCartKeys {
  readonly cart: string;
  readonly consent: string;
  readonly dismissed: string;
  readonly reminded: string;
  readonly profileStamp: string;
  readonly presence: string;
}

/**
 * What one cart event reads back. `consent` holds the personalization choice only (all the cart
 * path decides on), and is undefined when the consent cache was not loaded.
 */
export interface CartEventResult {
  status: 'ok' | 'quantity_limit' | 'line_limit';
  cartJson: string;
  /** This event changed the cart: its version is the one before plus one. */
  changed: boolean;
  consent: Pick<ExplicitChoices, Purpose.Personalization> | undefined;
  dismissed: ReadonlyMap<string, number>;
  reminded: ReadonlySet<string>;
  profileStamp: string;
  /** A device of the shopper is connected to another instance: `cart:state` must be published. */
  remoteDevices: boolean;
}

const NONE_DISMISSED: ReadonlyMap<string, number> = new Map();
const NONE_REMINDED: ReadonlySet<string> = new Set();

@Injectable()
export class CartStore {
  constructor(
    private readonly redis: RedisService,
    private readonly config: AppConfig,
    private readonly presence: ShopperPresence,
  ) {
    // On the live connection: a pushed-reminder mark (not awaited) and a device's presence must
    // reach Redis before the next cart script, so they share its connection.
    const carts = config.carts;
    const lua = cartEventScript({
      maxLines: carts.maxLines,
      maxQuantity: carts.maxQuantity,
      idleTtlSeconds: carts.idleTtlSeconds,
      maxDismissed: config.reminders.dismissalsMax,
      ownPrefix: presence.fieldPrefix,
      personalization: Purpose.Personalization,
    });
    redis.live.defineCommand('cartEvent', { numberOfKeys: 6, lua });
    redis.live.defineCommand('cartMarkReminded', { numberOfKeys: 1, lua: MARK_REMINDED_LUA });
    redis.client.defineCommand('cartDismiss', { numberOfKeys: 1, lua: DISMISS_LUA });
  }

  keysOf(pseudonym: string): LiveCartKeys {
    const key = (name: string) => this.redis.liveKey(name);
    return {
      cart: key(RedisKeys.cart(pseudonym)),
      consent: key(RedisKeys.consent(pseudonym)),
      dismissed: key(RedisKeys.dismissed(pseudonym)),
      reminded: key(RedisKeys.reminded(pseudonym)),
      profileStamp: key(RedisKeys.profileStamp(pseudonym)),
      presence: this.presence.keyOf(pseudonym),
    };
  }

  async apply(keys: LiveCartKeys, change: CartOp, now = Date.now()): Promise<CartEventResult> {
    const sku = 'sku' in change ? change.sku : '';
    const quantity = 'quantity' in change ? (change.quantity ?? 0) : 0;
    const reply = await this.redis
      .liveBatch()
      .cartEvent(keys.cart, keys.consent, keys.dismissed, keys.reminded, keys.profileStamp, keys.presence, change.op, sku, quantity, now);
    return readCartReply(reply);
  }

  /** The cart and the dismissals as stored, without touching the idle TTL (for data access requests). */
  async snapshot(pseudonym: string): Promise<{ cartJson: string | null; dismissed: Map<string, number> }> {
    const [cartJson, dismissed] = await Promise.all([
      this.redis.client.get(RedisKeys.cart(pseudonym)),
      this.redis.client.hgetall(RedisKeys.dismissed(pseudonym)),
    ]);
    return { cartJson, dismissed: new Map(Object.entries(dismissed).map(([sku, until]) => [sku, Number(until)])) };
  }

  /** Drops everything the live path keeps for the shopper (erasure). */
  async forget(pseudonym: string): Promise<boolean> {
    const [cart] = await Promise.all([
      this.redis.client.del(RedisKeys.cart(pseudonym)),
      this.redis.client.del(
        RedisKeys.dismissed(pseudonym),
        RedisKeys.reminded(pseudonym),
        RedisKeys.checkout(pseudonym),
        RedisKeys.presence(pseudonym),
      ),
    ]);
    return cart > 0;
  }

  /** Remembers the last completed checkout, so that a retry whose ack was lost is answered ok. */
  async rememberCheckout(pseudonym: string, orderId: string): Promise<void> {
    await this.redis.client.set(RedisKeys.checkout(pseudonym), orderId, 'EX', this.config.carts.idleTtlSeconds);
  }

  async lastCheckout(pseudonym: string): Promise<string | null> {
    return this.redis.client.get(RedisKeys.checkout(pseudonym));
  }

  /**
   * Records a dismissal for the quiet period (kept as sku → until, expiring with the latest), at
   * most REMINDER_DISMISSALS_MAX of them: the oldest make room (cart-dismiss.lua.ts).
   */
  async dismiss(pseudonym: string, sku: string, until: number, now = Date.now()): Promise<void> {
    await this.redis.client.cartDismiss(RedisKeys.dismissed(pseudonym), sku, until, now, this.config.reminders.dismissalsMax);
  }

  /** The stamp of the shopper's habit profile in Redis ('' without one). */
  async profileStamp(pseudonym: string): Promise<string> {
    return (await this.redis.client.get(RedisKeys.profileStamp(pseudonym))) ?? '';
  }

  /** Remembers skus pushed for the current cart, so that none is pushed twice. */
  async markReminded(keys: LiveCartKeys, skus: string[]): Promise<void> {
    if (skus.length === 0) return;
    await this.redis.liveBatch().cartMarkReminded(keys.reminded, this.config.carts.idleTtlSeconds, ...skus);
  }
}

function readCartReply(reply: CartEventReply): CartEventResult {
  const R = CART_REPLY;
  const personalization = reply[R.personalization] as string;
  const remindedFrom = R.rest + 2 * (reply[R.dismissedCount] as number);
  let dismissed = NONE_DISMISSED;
  if (remindedFrom > R.rest) {
    const map = new Map<string, number>();
    for (let i = R.rest; i < remindedFrom; i += 2) map.set(reply[i] as string, Number(reply[i + 1]));
    dismissed = map;
  }
  return {
    status: reply[R.status] as CartEventResult['status'],
    cartJson: reply[R.cartJson] as string,
    changed: reply[R.changed] === 1,
    consent: reply[R.consentLoaded] === 1 ? (personalization === '' ? {} : { personalization: personalization === '1' }) : undefined,
    dismissed,
    reminded: reply.length > remindedFrom ? new Set(reply.slice(remindedFrom) as string[]) : NONE_REMINDED,
    profileStamp: reply[R.profileStamp] as string,
    remoteDevices: reply[R.remoteDevices] === 1,
  };
}
