/**
 * Bounds of one purchase, shared by the HTTP DTO (class-validator) and the bulk import's compiled
 * schema (ajv) so that both doors refuse the same things.
 */
export const PURCHASE_LIMITS = {
  maxItems: 500,
  maxQuantity: 10_000,
  maxUnitPriceCents: 100_000_000,
  maxSkuLength: 64,
  maxOrderIdLength: 128,
  maxStoreIdLength: 64,
  maxCustomerIdLength: 128,
  /** Purchases before this are refused as typos (a year 0202): they would also open odd partitions. */
  earliestPurchase: Date.UTC(2000, 0, 1),
} as const;

/** Identifiers (order ids, skus, store ids) may hold any printable character, no control characters. */
export const PRINTABLE_PATTERN = '^[^\\u0000-\\u001f\\u007f]+$';

export type Channel = 'store' | 'online';
export const CHANNELS: readonly Channel[] = ['store', 'online'];
