/**
 * The reference baselines of the Ta-Feng README, computed from the raw baskets
 * (not from the habit profile) so they stay independent of the engine.
 */
import type { Shopper } from './dataset.js';

/** A shopper's items by the number of baskets that held them; ties go to the most recent. */
export function ownTopFrequent(shopper: Shopper): string[] {
  const stats = new Map<string, { count: number; last: number }>();
  shopper.history.forEach((order, k) => {
    for (const sku of new Set(order.skus)) stats.set(sku, { count: (stats.get(sku)?.count ?? 0) + 1, last: k });
  });
  return [...stats.entries()].sort(([a, x], [b, y]) => y.count - x.count || y.last - x.last || (a < b ? -1 : 1)).map(([sku]) => sku);
}

/** Every item by the number of history baskets (all shoppers) that held it. */
export function globalTopFrequent(shoppers: readonly Shopper[]): string[] {
  const counts = new Map<string, number>();
  for (const shopper of shoppers) {
    for (const order of shopper.history) for (const sku of new Set(order.skus)) counts.set(sku, (counts.get(sku) ?? 0) + 1);
  }
  return [...counts.entries()].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1)).map(([sku]) => sku);
}

/** P-TopFreq: the shopper's own most frequent items not in the cart. */
export function pTopFreq(own: readonly string[], cart: ReadonlySet<string>, k: number): string[] {
  const out: string[] = [];
  for (const sku of own) {
    if (out.length === k) break;
    if (!cart.has(sku)) out.push(sku);
  }
  return out;
}

/** GP-TopFreq: P-TopFreq, then global best-sellers to fill the list. */
export function gpTopFreq(own: readonly string[], global: readonly string[], cart: ReadonlySet<string>, k: number): string[] {
  const out = pTopFreq(own, cart, k);
  const taken = new Set(out);
  for (const sku of global) {
    if (out.length === k) break;
    if (!cart.has(sku) && !taken.has(sku)) out.push(sku);
  }
  return out;
}
