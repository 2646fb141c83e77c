import { Injectable } from '@nestjs/common';
import type { Result } from 'ioredis';
import { AppConfig } from '../../config/app-config.js';
import { RedisService } from '../../infra/redis/redis.service.js';
import { ConsentCache } from '../consent/consent.cache.js';
import type { ExplicitChoices } from '../consent/domain/consent.js';
import { ProfileStore } from '../profiles/profile.store.js';
import { ShopperPresence } from '../shopper-channel/shopper-presence.service.js';

/**
 * One round trip per cart event: applies the change to the cart (atomically, whatever device or
 * instance sends it), refreshes its idle TTL, and reads back what the live path needs to decide
 * reminders: the consent state, the dismissed skus, the skus already pushed for this cart, the
 * stamp of the shopper's habit profile, and whether a device of the shopper is connected to
 * another instance (ShopperPresence: fields of other instances than this one's). All keys share the
 * `{pseudonym}` hash tag. The instance's limits, idle TTL and presence prefix are written into the
 * script when the instance starts rather than sent with every event (fewer arguments to encode).
 */
function cartEventScript(limits: { maxLines: number; maxQuantity: number; idleTtlSeconds: number; ownPrefix: string }): string {
  if (!/^[\w./:-]+$/.test(limits.ownPrefix)) throw new Error(`unexpected presence prefix ${limits.ownPrefix}`);
  return `
local MAX_LINES, MAX_QUANTITY, IDLE_TTL, OWN = ${limits.maxLines}, ${limits.maxQuantity}, ${limits.idleTtlSeconds}, '${limits.ownPrefix}'
local op = ARGV[1]
local raw = redis.call('GET', KEYS[1])
local cart
-- A cart comes into being at its first read: version 0, updatedAt that moment (stored, so stable).
if raw then cart = cjson.decode(raw) else cart = { v = 0, u = tonumber(ARGV[4]), i = {} } end
local status = 'ok'
local changed = false
if op == 'add' then
  local sku, qty, found = ARGV[2], tonumber(ARGV[3]), false
  for _, line in ipairs(cart.i) do
    if line[1] == sku then
      found = true
      if line[2] + qty > MAX_QUANTITY then status = 'quantity_limit' else line[2] = line[2] + qty; changed = true end
    end
  end
  if not found then
    -- A new line is held to the same most quantity as one added to.
    if qty > MAX_QUANTITY then status = 'quantity_limit'
    elseif #cart.i >= MAX_LINES then status = 'line_limit'
    else table.insert(cart.i, { sku, qty }); changed = true end
  end
elseif op == 'remove' then
  local sku, qty = ARGV[2], tonumber(ARGV[3])
  for idx, line in ipairs(cart.i) do
    if line[1] == sku then
      if qty == 0 or qty >= line[2] then table.remove(cart.i, idx) else line[2] = line[2] - qty end
      changed = true
      break
    end
  end
elseif op == 'clear' then
  if #cart.i > 0 then cart.i = {}; changed = true end
  redis.call('DEL', KEYS[4])
end
if changed then
  cart.v = cart.v + 1
  cart.u = tonumber(ARGV[4])
end
local encoded = cjson.encode(cart)
if changed or not raw then
  redis.call('SET', KEYS[1], encoded, 'EX', IDLE_TTL)
else
  redis.call('EXPIRE', KEYS[1], IDLE_TTL)
end
local remote = 0
for _, field in ipairs(redis.call('HKEYS', KEYS[6])) do
  if string.sub(field, 1, #OWN) ~= OWN then remote = 1; break end
end
return { status, encoded, redis.call('HGETALL', KEYS[2]), redis.call('HGETALL', KEYS[3]), redis.call('SMEMBERS', KEYS[4]), redis.call('GET', KEYS[5]) or '', remote }`;
}

/** Remembers skus pushed for the current cart (one command rather than MULTI/SADD/EXPIRE/EXEC). */
const MARK_REMINDED = `
redis.call('SADD', KEYS[1], unpack(ARGV, 2))
redis.call('EXPIRE', KEYS[1], ARGV[1])
return 1`;

type CartEventReply = [string, string, string[], string[], string[], string, number];

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
  }
}

export type CartOp = { op: 'get' } | { op: 'add'; sku: string; quantity: number } | { op: 'remove'; sku: string; quantity?: number } | { op: 'clear' };

/** What one cart event reads back. `consent` is undefined when the cache was not loaded. */
export interface CartEventResult {
  status: 'ok' | 'quantity_limit' | 'line_limit';
  cartJson: string;
  consent: ExplicitChoices | undefined;
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
    const env = config.env;
    const lua = cartEventScript({ maxLines: env.CART_MAX_LINES, maxQuantity: env.CART_MAX_QUANTITY, idleTtlSeconds: env.CART_IDLE_TTL_SECONDS, ownPrefix: presence.fieldPrefix });
    redis.live.defineCommand('cartEvent', { numberOfKeys: 6, lua });
    redis.live.defineCommand('cartMarkReminded', { numberOfKeys: 1, lua: MARK_REMINDED });
  }

  static cartKey(pseudonym: string): string {
    return `cart:{${pseudonym}}`;
  }

  static dismissedKey(pseudonym: string): string {
    return `dismissed:{${pseudonym}}`;
  }

  static remindedKey(pseudonym: string): string {
    return `reminded:{${pseudonym}}`;
  }

  async apply(pseudonym: string, change: CartOp, now = Date.now()): Promise<CartEventResult> {
    const sku = 'sku' in change ? change.sku : '';
    const quantity = 'quantity' in change ? (change.quantity ?? 0) : 0;
    const [status, cartJson, consent, dismissed, reminded, profileStamp, remote] = await this.redis.liveBatch().cartEvent(
      CartStore.cartKey(pseudonym),
      ConsentCache.keyOf(pseudonym),
      CartStore.dismissedKey(pseudonym),
      CartStore.remindedKey(pseudonym),
      ProfileStore.stampKey(pseudonym),
      ShopperPresence.keyOf(pseudonym),
      change.op,
      sku,
      quantity,
      now,
    );
    return {
      status: status as CartEventResult['status'],
      cartJson,
      consent: ConsentCache.parse(pairs(consent)),
      dismissed: dismissed.length === 0 ? NONE_DISMISSED : new Map(Object.entries(pairs(dismissed)).map(([k, v]) => [k, Number(v)])),
      reminded: reminded.length === 0 ? NONE_REMINDED : new Set(reminded),
      profileStamp,
      remoteDevices: remote === 1,
    };
  }

  /** The cart and the dismissals as stored, without touching the idle TTL (for data access requests). */
  async snapshot(pseudonym: string): Promise<{ cartJson: string | null; dismissed: Map<string, number> }> {
    const [cartJson, dismissed] = await Promise.all([
      this.redis.client.get(CartStore.cartKey(pseudonym)),
      this.redis.client.hgetall(CartStore.dismissedKey(pseudonym)),
    ]);
    return { cartJson, dismissed: new Map(Object.entries(dismissed).map(([sku, until]) => [sku, Number(until)])) };
  }

  /** Drops everything the live path keeps for the shopper (erasure). */
  async forget(pseudonym: string): Promise<boolean> {
    const [cart] = await Promise.all([
      this.redis.client.del(CartStore.cartKey(pseudonym)),
      this.redis.client.del(CartStore.dismissedKey(pseudonym), CartStore.remindedKey(pseudonym), CartStore.checkoutKey(pseudonym), ShopperPresence.keyOf(pseudonym)),
    ]);
    return cart > 0;
  }

  static checkoutKey(pseudonym: string): string {
    return `checkout:{${pseudonym}}`;
  }

  /** Remembers the last completed checkout, so that a retry whose ack was lost is answered ok. */
  async rememberCheckout(pseudonym: string, orderId: string): Promise<void> {
    await this.redis.client.set(CartStore.checkoutKey(pseudonym), orderId, 'EX', this.config.env.CART_IDLE_TTL_SECONDS);
  }

  async lastCheckout(pseudonym: string): Promise<string | null> {
    return this.redis.client.get(CartStore.checkoutKey(pseudonym));
  }

  /** Records a dismissal for the quiet period (kept as sku → until, expiring with the longest). */
  async dismiss(pseudonym: string, sku: string, until: number): Promise<void> {
    const key = CartStore.dismissedKey(pseudonym);
    await this.redis.client.multi().hset(key, sku, String(until)).pexpireat(key, until).exec();
  }

  /** Remembers skus pushed for the current cart, so that none is pushed twice. */
  async markReminded(pseudonym: string, skus: string[]): Promise<void> {
    if (skus.length === 0) return;
    await this.redis.liveBatch().cartMarkReminded(CartStore.remindedKey(pseudonym), this.config.env.CART_IDLE_TTL_SECONDS, ...skus);
  }
}

function pairs(flat: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) out[flat[i]] = flat[i + 1];
  return out;
}
