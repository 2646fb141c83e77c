import { canonicalItems, itemsHash } from './items-hash.js';
import { copyOutcome, OrderBatch } from './order-batch.js';
import type { ParsedOrder } from './record-reader.js';

function parsed(orderId: string, customerId: string, skus: string[], line: number): ParsedOrder {
  const items = canonicalItems(skus.map((sku) => ({ sku, quantity: 1, unitPriceCents: null })));
  return {
    order: { orderId, customerId, purchasedAt: new Date(0), channel: 'store', storeId: null, items, itemsHash: itemsHash(items) },
    lines: [line],
  };
}

describe('OrderBatch', () => {
  it('keeps each orderId once and remembers the repeats', () => {
    const batch = new OrderBatch();
    batch.add(parsed('o1', 'a', ['milk'], 1));
    batch.add(parsed('o2', 'a', ['tea'], 2));
    batch.add(parsed('o1', 'a', ['milk'], 3));
    expect(batch.size).toBe(2);
    expect(batch.lineCount).toBe(3);
    expect(batch.entries[0].copies.map((c) => c.lines)).toEqual([[3]]);
    expect(batch.customerIds()).toEqual(['a']);
  });

  it('settles a repeat by comparing it with the first record', () => {
    const first = parsed('o1', 'a', ['milk'], 1);
    expect(copyOutcome(first, parsed('o1', 'a', ['milk'], 2), 'created')).toBe('duplicate');
    expect(copyOutcome(first, parsed('o1', 'a', ['milk'], 2), 'conflict')).toBe('conflict');
    expect(copyOutcome(first, parsed('o1', 'b', ['milk'], 2), 'created')).toBe('conflict');
    expect(copyOutcome(first, parsed('o1', 'a', ['tea'], 2), 'duplicate')).toBe('conflict');
  });
});
