import { tafengProducts, tafengPurchases } from './tafeng.js';

const history = { '7': [[-1], [1, 2, 2], [3], [-1]], '12': [[-1], [4], [-1]] };
const future = { '7': [[-1], [2], [-1]], '12': [[-1], [1, 4], [-1]] };

describe('Ta-Feng dataset', () => {
  it('turns baskets into weekly orders ending the day before the import, with deterministic ids', () => {
    const orders = [...tafengPurchases(history, future, new Date('2026-11-29T08:00:00Z'))];
    expect(orders.map((o) => [o.customerId, o.orderId, o.purchasedAt])).toEqual([
      ['tafeng-7', 'tafeng-7-1', '2026-11-14T12:00:00.000Z'],
      ['tafeng-7', 'tafeng-7-2', '2026-11-21T12:00:00.000Z'],
      ['tafeng-7', 'tafeng-7-3', '2026-11-28T12:00:00.000Z'],
      ['tafeng-12', 'tafeng-12-1', '2026-11-21T12:00:00.000Z'],
      ['tafeng-12', 'tafeng-12-2', '2026-11-28T12:00:00.000Z'],
    ]);
    expect(orders[0].items).toEqual([
      { sku: 'tf-1', quantity: 1 },
      { sku: 'tf-2', quantity: 2 },
    ]);
  });

  it('makes one product per item, in a few categories', () => {
    expect(tafengProducts(history, future)).toEqual(
      [1, 2, 3, 4].map((id) => ({ sku: `tf-${id}`, name: `Ta-Feng item ${id}`, category: `Ta-Feng category ${id}` })),
    );
  });
});
