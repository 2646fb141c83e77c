import { checkOrder, checkPurchase } from './order.js';

const clock = { now: Date.UTC(2026, 10, 29, 12), maxFutureSkewMs: 5 * 60_000 };
const order = (over: Record<string, unknown> = {}) => ({
  orderId: 'o1',
  purchasedAt: '2026-11-29T11:00:00Z',
  channel: 'store' as const,
  items: [
    { sku: 'milk', quantity: 2 },
    { sku: 'bread', quantity: 1, unitPriceCents: 250 },
  ],
  ...over,
});

describe('order checks', () => {
  it('canonicalizes items, completes prices and hashes the (sku, quantity) multiset', () => {
    const checked = checkOrder(order(), clock);
    if (!checked.ok) throw new Error(checked.issue.message);
    expect(checked.value.items).toEqual([
      { sku: 'bread', quantity: 1, unitPriceCents: 250 },
      { sku: 'milk', quantity: 2, unitPriceCents: null },
    ]);
    expect(checked.value.purchasedAt).toEqual(new Date('2026-11-29T11:00:00Z'));
    expect(checked.value.storeId).toBeNull();
    const reordered = checkOrder(
      order({
        items: [
          { sku: 'bread', quantity: 1 },
          { sku: 'milk', quantity: 2, unitPriceCents: 99 },
        ],
      }),
      clock,
    );
    expect(reordered.ok && reordered.value.itemsHash).toBe(checked.value.itemsHash);
  });

  it('allows a little clock skew, nothing further in the future, nothing before 2000', () => {
    expect(checkOrder(order({ purchasedAt: '2026-11-29T12:04:00Z' }), clock).ok).toBe(true);
    expect(checkOrder(order({ purchasedAt: '2026-11-29T12:06:00Z' }), clock)).toEqual({
      ok: false,
      issue: { field: 'purchasedAt', message: 'must not be in the future' },
    });
    expect(checkOrder(order({ purchasedAt: '1999-12-31T23:59:59Z' }), clock).ok).toBe(false);
  });

  it('normalizes the customer id (NFKC, trimmed) and refuses what cannot be one', () => {
    const checked = checkPurchase({ ...order(), customerId: ' ＡＢ12 ' }, clock);
    expect(checked.ok && checked.value.customerId).toBe('AB12');
    expect(checkPurchase({ ...order(), customerId: 'a\u0007b' }, clock).ok).toBe(false);
  });
});
