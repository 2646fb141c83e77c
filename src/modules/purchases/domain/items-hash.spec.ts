import { canonicalItems, itemsHash } from './items-hash.js';

const item = (sku: string, quantity: number, unitPriceCents: number | null = null) => ({ sku, quantity, unitPriceCents });

describe('items hash', () => {
  it('ignores the order of lines and the prices', () => {
    const a = itemsHash(canonicalItems([item('milk', 2, 99), item('bread', 1)]));
    const b = itemsHash(canonicalItems([item('bread', 1, 250), item('milk', 2)]));
    expect(a).toBe(b);
    expect(a).toHaveLength(22);
  });

  it('tells different quantities, skus and line splits apart', () => {
    const base = itemsHash(canonicalItems([item('milk', 2)]));
    expect(itemsHash(canonicalItems([item('milk', 3)]))).not.toBe(base);
    expect(itemsHash(canonicalItems([item('milq', 2)]))).not.toBe(base);
    expect(itemsHash(canonicalItems([item('milk', 1), item('milk', 1)]))).not.toBe(base);
  });

  it('sorts by sku then quantity, so line ranks are stable', () => {
    expect(canonicalItems([item('b', 1), item('a', 3), item('a', 1)]).map((i) => `${i.sku}${i.quantity}`)).toEqual(['a1', 'a3', 'b1']);
  });
});
