import { randomBytes } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { RedisKeys } from '../../src/infra/redis/redis-keys.js';
import { RedisService } from '../../src/infra/redis/redis.service.js';
import { CartStore } from '../../src/modules/carts/cart.store.js';
import { readLiveCart } from '../../src/modules/carts/domain/cart.js';
import { testContext } from '../support/fixtures.js';

describe('the cart script (Redis)', () => {
  const fixture = testContext().withEnv({ CART_MAX_LINES: '3', CART_MAX_QUANTITY: '5' });
  let ctx: INestApplicationContext;
  beforeAll(async () => {
    ({ ctx } = await fixture.start());
  }, 60_000);
  afterAll(() => fixture.close());

  const shopper = () => `cart-${randomBytes(6).toString('hex')}`;
  const lines = (json: string) => {
    const cart = readLiveCart(json);
    return cart.skus.map((sku, i) => [sku, cart.quantities[i]]);
  };

  it('adds, removes and clears lines, holding the limits, in the stored flat form', async () => {
    const store = ctx.get(CartStore);
    const keys = store.keysOf(shopper());
    expect((await store.apply(keys, { op: 'add', sku: 'oj', quantity: 2 })).status).toBe('ok');
    await store.apply(keys, { op: 'add', sku: 'milk', quantity: 1 });
    await store.apply(keys, { op: 'add', sku: 'oj', quantity: 3 });
    expect((await store.apply(keys, { op: 'add', sku: 'oj', quantity: 1 })).status).toBe('quantity_limit');
    await store.apply(keys, { op: 'add', sku: 'tea', quantity: 1 });
    expect((await store.apply(keys, { op: 'add', sku: 'jam', quantity: 1 })).status).toBe('line_limit');
    await store.apply(keys, { op: 'remove', sku: 'milk' });
    const result = await store.apply(keys, { op: 'remove', sku: 'tea', quantity: 0 });
    expect(lines(result.cartJson)).toEqual([['oj', 5]]);
    expect(JSON.parse(result.cartJson)).toMatchObject({ v: 6, l: ['oj', 5] });
    expect(lines((await store.apply(keys, { op: 'clear' })).cartJson)).toEqual([]);
  });

  it('reads a cart stored as [sku, quantity] pairs and stores it flat at its next change', async () => {
    const pseudonym = shopper();
    const redis = ctx.get(RedisService).client;
    await redis.set(
      RedisKeys.cart(pseudonym),
      JSON.stringify({
        v: 2,
        u: 1764400000000,
        i: [
          ['oj', 2],
          ['milk', 1],
        ],
      }),
    );
    const store = ctx.get(CartStore);
    const keys = store.keysOf(pseudonym);

    const read = await store.apply(keys, { op: 'get' });
    expect(lines(read.cartJson)).toEqual([
      ['oj', 2],
      ['milk', 1],
    ]);
    const added = await store.apply(keys, { op: 'add', sku: 'milk', quantity: 2 });
    expect(lines(added.cartJson)).toEqual([
      ['oj', 2],
      ['milk', 3],
    ]);
    const stored = JSON.parse((await redis.get(RedisKeys.cart(pseudonym)))!);
    expect(stored).toMatchObject({ v: 3, l: ['oj', 2, 'milk', 3] });
    expect(stored.i).toBeUndefined();
  });
});
