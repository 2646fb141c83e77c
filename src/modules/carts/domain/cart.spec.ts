import { cartItemCount, cartSkus, emptyCart, lineHead, liveCartJson, parseStoredCart, readLiveCart } from './cart.js';

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

describe('liveCartJson', () => {
  const names = new Map<string, string>([
    ['oj', 'Orange juice'],
    ['quote"d', 'Crème "fraîche" \\ 0,5 l\u2028'],
  ]);
  const headOf = (sku: string) => lineHead(sku, names.get(sku));

  it('gives the bytes JSON.stringify gives for the contract cart', () => {
    for (const json of [
      '{"v":3,"u":1764400000000,"i":[["oj",2],["milk",1]]}',
      '{"v":7,"u":1764400000123,"i":[["quote\\"d",12],["é/ü",1],["oj",3]]}',
      '{"v":4,"u":1764400000000,"i":{}}',
      '{"v":0,"u":0,"i":{}}',
    ]) {
      const live = readLiveCart(json, 1764400000999);
      expect(liveCartJson(live, headOf)).toBe(JSON.stringify(parseStoredCart(json, (sku) => names.get(sku), 1764400000999)));
    }
  });

  it('counts skus and items as the contract cart does', () => {
    const json = '{"v":3,"u":1764400000000,"i":[["oj",2],["milk",1]]}';
    const live = readLiveCart(json);
    expect(live.skus).toEqual(cartSkus(parseStoredCart(json)));
    expect(live.itemCount).toBe(cartItemCount(parseStoredCart(json)));
    expect(readLiveCart(null, 5)).toMatchObject({ skus: [], itemCount: 0, version: 0, updatedAt: 5 });
  });
});
