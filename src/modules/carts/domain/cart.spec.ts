import { cartItemCount, cartSkus, emptyCart, parseStoredCart } from './cart.js';

describe('parseStoredCart', () => {
  it('reads lines in order, with names where known', () => {
    const cart = parseStoredCart('{"v":3,"u":1764400000000,"i":[["oj",2],["milk",1]]}', (sku) =>
      sku === 'oj' ? 'Orange juice' : undefined,
    );
    expect(cart).toEqual({
      items: [
        { sku: 'oj', name: 'Orange juice', quantity: 2 },
        { sku: 'milk', quantity: 1 },
      ],
      version: 3,
      updatedAt: new Date(1764400000000).toISOString(),
    });
    expect(cartSkus(cart)).toEqual(['oj', 'milk']);
    expect(cartItemCount(cart)).toBe(3);
  });

  it('reads the empty list that Lua writes as an object, and a missing cart', () => {
    expect(parseStoredCart('{"v":4,"u":1764400000000,"i":{}}').items).toEqual([]);
    expect(parseStoredCart(null, undefined, 1764400000000)).toEqual(emptyCart(1764400000000));
    expect(emptyCart(1764400000000)).toEqual({ items: [], version: 0, updatedAt: new Date(1764400000000).toISOString() });
  });
});
