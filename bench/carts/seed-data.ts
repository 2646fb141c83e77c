import { mulberry32 } from '../eval/prng.js';

const DAY_MS = 86_400_000;
const CATEGORIES = ['dairy', 'bakery', 'produce', 'meat', 'fish', 'frozen', 'pantry', 'drinks', 'snacks', 'household', 'baby', 'pets'];

/** What every benchmark shopper's history looks like (flags of `bench:carts`). */
export interface HistoryShape {
  products: number;
  ordersPerShopper: number;
  itemsPerOrder: number;
  seed: number;
}

export interface SeedProduct {
  sku: string;
  name: string;
  category: string;
}

/** One line of the `POST /v1/purchases/bulk` NDJSON body (the `POST /v1/purchases` body). */
export interface SeedPurchase {
  customerId: string;
  orderId: string;
  purchasedAt: string;
  channel: 'store' | 'online';
  items: Array<{ sku: string; quantity: number; unitPriceCents: number }>;
}

export const skuOf = (index: number) => `bench-sku-${index}`;

/** The benchmark's catalog: `products` skus with names and categories. */
export function seedProducts(products: number): SeedProduct[] {
  return Array.from({ length: products }, (_, i) => ({
    sku: skuOf(i),
    name: `Bench product ${i}`,
    category: CATEGORIES[i % CATEGORIES.length],
  }));
}

/** A catalog index drawn with a skew: low indexes (the popular items) come up more often. */
export function popularIndex(random: () => number, products: number): number {
  return Math.floor(products * random() ** 2);
}

/**
 * A grocery shopper's history, deterministic per customer: a personal set of staples bought
 * on most trips (each with its own probability) plus a few one-off items, one trip every
 * 10 to 18 days, the latest a few days ago, so that the profile has cycles and due items.
 */
export function shopperHistory(customerId: string, index: number, shape: HistoryShape, now = Date.now()): SeedPurchase[] {
  const random = mulberry32(shape.seed * 1_000_003 + index);
  const staples = new Map<number, number>();
  while (staples.size < Math.ceil(shape.itemsPerOrder * 2.5)) staples.set(popularIndex(random, shape.products), 0.2 + 0.7 * random());
  const orders: SeedPurchase[] = [];
  let at = now - (2 + Math.floor(random() * 8)) * DAY_MS;
  for (let o = 0; o < shape.ordersPerShopper; o++) {
    const skus = new Set<number>();
    for (const [sku, p] of staples) if (random() < p && skus.size < shape.itemsPerOrder) skus.add(sku);
    while (skus.size < shape.itemsPerOrder) skus.add(Math.floor(random() * shape.products));
    orders.push({
      customerId,
      orderId: `${customerId}-o${o}`,
      purchasedAt: new Date(at - Math.floor(random() * 12 * 3_600_000)).toISOString(),
      channel: random() < 0.8 ? 'store' : 'online',
      items: [...skus].map((sku) => ({
        sku: skuOf(sku),
        quantity: 1 + Math.floor(random() * 3),
        unitPriceCents: 50 + Math.floor(random() * 1500),
      })),
    });
    at -= (10 + Math.floor(random() * 9)) * DAY_MS;
  }
  return orders.reverse();
}
