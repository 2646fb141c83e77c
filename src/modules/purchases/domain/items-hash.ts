import { hash } from 'node:crypto';

/** One purchased item as stored. */
export interface OrderItem {
  sku: string;
  quantity: number;
  unitPriceCents: number | null;
}

/**
 * The items in canonical order (sku, then quantity): the same order re-sent with its lines
 * shuffled is the same order, and a line's rank in this order is its index in the stored
 * order_lines arrays, which is how prices of a re-sent duplicate find the lines they fill in.
 */
export function canonicalItems(items: readonly OrderItem[]): OrderItem[] {
  return sortCanonically([...items]);
}

/** {@link canonicalItems} in place, for callers that own the array. */
export function sortCanonically(items: OrderItem[]): OrderItem[] {
  return items.sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : a.quantity - b.quantity));
}

/**
 * A digest of the order's (sku, quantity) multiset; prices are left out because a duplicate may
 * bring prices that were missing. Expects canonical items. 128 bits of SHA-256, base64url.
 */
export function itemsHash(canonical: readonly OrderItem[]): string {
  let text = '';
  for (const item of canonical) text += `${item.sku}\u0000${item.quantity}\n`;
  return hash('sha256', text, 'base64url').slice(0, 22);
}

/** Items still without a price (stored per order, so duplicates know whether to fill prices in). */
export function countUnpriced(items: readonly OrderItem[]): number {
  let count = 0;
  for (const item of items) if (item.unitPriceCents === null) count += 1;
  return count;
}
