import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { mulberry32 } from '../eval/prng.js';

export interface GenerateOptions {
  lines: number;
  customers: number;
  skus: number;
  /** Mean items per order (uniform between 1 and twice this, minus one). */
  itemsPerOrder: number;
  format: 'csv' | 'ndjson';
  seed: number;
}

const DAY_MS = 86_400_000;

/**
 * Writes a deterministic purchase file of at least `lines` purchased items (whole orders, lines of
 * an order adjacent), spread over the last year, prices on every item. Streams: memory stays flat.
 * Returns the number of item lines and orders written.
 */
export async function generatePurchaseFile(path: string, o: GenerateOptions): Promise<{ lines: number; orders: number }> {
  const random = mulberry32(o.seed);
  const out = createWriteStream(path, { highWaterMark: 1 << 20 });
  const now = Date.now() - DAY_MS;
  let lines = 0;
  let orders = 0;
  if (o.format === 'csv') out.write('customerId,orderId,purchasedAt,channel,sku,quantity,unitPriceCents\n');
  let buffer = '';
  while (lines < o.lines) {
    orders += 1;
    const customerId = `bench-${Math.floor(random() * o.customers)}`;
    const purchasedAt = new Date(now - Math.floor(random() * 365 * DAY_MS)).toISOString();
    const channel = random() < 0.8 ? 'store' : 'online';
    const items = distinctSkus(random, o.skus, 1 + Math.floor(random() * (2 * o.itemsPerOrder - 1)));
    const orderId = `bench-order-${orders}`;
    buffer +=
      o.format === 'csv'
        ? csvOrder(customerId, orderId, purchasedAt, channel, items, random)
        : jsonOrder(customerId, orderId, purchasedAt, channel, items, random);
    lines += items.length;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
  return { lines, orders };
}

/** Skus drawn with a skew (popular items are bought more), each once per order. */
function distinctSkus(random: () => number, skus: number, count: number): string[] {
  const picked = new Set<string>();
  while (picked.size < count) picked.add(`sku-${Math.floor(skus * random() ** 2)}`);
  return [...picked];
}

function csvOrder(customerId: string, orderId: string, at: string, channel: string, skus: string[], random: () => number): string {
  let text = '';
  for (const sku of skus)
    text += `${customerId},${orderId},${at},${channel},${sku},${1 + Math.floor(random() * 3)},${50 + Math.floor(random() * 2000)}\n`;
  return text;
}

function jsonOrder(customerId: string, orderId: string, at: string, channel: string, skus: string[], random: () => number): string {
  const items = skus.map((sku) => ({ sku, quantity: 1 + Math.floor(random() * 3), unitPriceCents: 50 + Math.floor(random() * 2000) }));
  return JSON.stringify({ customerId, orderId, purchasedAt: at, channel, items }) + '\n';
}
