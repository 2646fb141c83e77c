import { normalizeCustomerId } from '../../identity/domain/customer-id.js';
import { itemsHash, type OrderItem, sortCanonically } from './items-hash.js';
import { type Channel, PURCHASE_LIMITS } from './purchase-limits.js';
import { parseIsoTimestamp } from './timestamp.js';

/** An order as it arrives, once its shape is checked (by the DTO or the compiled schema). */
export interface OrderInput {
  orderId: string;
  purchasedAt: string;
  channel: Channel;
  storeId?: string | null;
  items: Array<{ sku: string; quantity: number; unitPriceCents?: number | null }>;
}

export interface PurchaseInput extends OrderInput {
  customerId: string;
}

/** What is stored of an order, whoever it belongs to. Items are in canonical order. */
export interface OrderFacts {
  orderId: string;
  purchasedAt: Date;
  channel: Channel;
  storeId: string | null;
  items: OrderItem[];
  itemsHash: string;
}

/** An order still carrying the (normalized) raw customer id: it never leaves the import's memory. */
export interface ValidOrder extends OrderFacts {
  customerId: string;
}

/** An order ready to store: the customer id has been replaced by the pseudonym. */
export interface PseudonymousOrder extends OrderFacts {
  pseudonym: string;
}

export interface Issue {
  field: string;
  message: string;
  /** Set when the refusal is not a plain validation failure (the bulk report's rejection code). */
  code?: 'RETENTION_EXPIRED';
}

export type Checked<T> = { ok: true; value: T } | { ok: false; issue: Issue };

/** The clock the semantic checks use; tills run a little ahead, hence the skew. */
export interface PurchaseClock {
  now: number;
  maxFutureSkewMs: number;
  /** RETENTION_PURCHASE_DAYS: an order older than this would only wait to be purged (0: no limit). */
  retentionMs?: number;
}

/** The wall clock: `now` is read at each check (an import of a live feed may run for a while). */
export function wallClock(maxFutureSkewSeconds: number, retentionMs = 0): PurchaseClock {
  return {
    get now() {
      return Date.now();
    },
    maxFutureSkewMs: maxFutureSkewSeconds * 1000,
    retentionMs,
  };
}

/** Semantic checks of a well-shaped purchase: a real customer id, then {@link checkOrder}. */
export function checkPurchase(input: PurchaseInput, clock: PurchaseClock): Checked<ValidOrder> {
  const customerId = normalizeCustomerId(input.customerId);
  if (!customerId) return fail('customerId', `must be a customer id of 1 to ${PURCHASE_LIMITS.maxCustomerIdLength} printable characters`);
  const order = checkOrder(input, clock);
  return order.ok ? { ok: true, value: { ...order.value, customerId } } : order;
}

/**
 * Semantic checks of a well-shaped order: a real timestamp, neither ancient nor in the future.
 * Takes the items over rather than copying them (the import checks a million of them): the array
 * is sorted in place into canonical order and a missing price becomes null. Callers that keep
 * using their items (the cart) pass a copy.
 */
export function checkOrder(input: OrderInput, clock: PurchaseClock): Checked<OrderFacts> {
  const at = parseIsoTimestamp(input.purchasedAt);
  if (at === undefined) return fail('purchasedAt', 'must be an ISO-8601 date-time with an offset, e.g. 2026-11-29T10:15:00Z');
  if (at > clock.now + clock.maxFutureSkewMs) return fail('purchasedAt', 'must not be in the future');
  if (at < PURCHASE_LIMITS.earliestPurchase) return fail('purchasedAt', 'must not be before 2000-01-01');
  // Retention at the door: what the next retention run would purge is not stored at all.
  if (clock.retentionMs && at < clock.now - clock.retentionMs) {
    const days = Math.round(clock.retentionMs / 86_400_000);
    const message = `is older than the retention period (${days} days): it is not stored`;
    return { ok: false, issue: { field: 'purchasedAt', message, code: 'RETENTION_EXPIRED' } };
  }
  const items = input.items as OrderItem[];
  for (const item of items) item.unitPriceCents ??= null;
  sortCanonically(items);
  return {
    ok: true,
    value: {
      orderId: input.orderId,
      purchasedAt: new Date(at),
      channel: input.channel,
      storeId: input.storeId ?? null,
      items,
      itemsHash: itemsHash(items),
    },
  };
}

function fail(field: string, message: string): { ok: false; issue: Issue } {
  return { ok: false, issue: { field, message } };
}
