import { randomBytes } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { CartStore } from '../../src/modules/carts/cart.store.js';
import { readLiveCart } from '../../src/modules/carts/domain/cart.js';
import { ConsentCache } from '../../src/modules/consent/consent.cache.js';
import { Purpose } from '../../src/modules/consent/domain/consent.js';
import { testContext } from '../support/fixtures.js';

describe('the cart script (Redis)', () => {
  const fixture = testContext().withEnv({ CART_MAX_LINES: '3', CART_MAX_QUANTITY: '5' });
  let ctx: INestApplicationContext;
  beforeAll(async () => {
    ({ ctx } = await fixture.start());
  }, 60_000);
  afterAll(() => fixture.close());

  const shopper = () => `cart-${randomBytes(6).toString('hex')}`;
  const lines = (json: string) => readLiveCart(json).lines.map(([sku, quantity]) => [sku, quantity]);

  it('adds, removes and clears lines within the limits, and says which events changed the cart', async () => {
    const store = ctx.get(CartStore);
    const keys = store.keysOf(shopper());
    const add = (sku: string, quantity: number) => store.apply(keys, { op: 'add', sku, quantity });
    expect(await add('oj', 2)).toMatchObject({ status: 'ok', changed: true });
    await add('milk', 1);
    await add('oj', 3);
    expect(await add('oj', 1)).toMatchObject({ status: 'quantity_limit', changed: false });
    await add('tea', 1);
    expect(await add('jam', 1)).toMatchObject({ status: 'line_limit', changed: false });
    expect(await store.apply(keys, { op: 'remove', sku: 'jam' })).toMatchObject({ status: 'ok', changed: false });
    await store.apply(keys, { op: 'remove', sku: 'milk' });
    const result = await store.apply(keys, { op: 'remove', sku: 'tea', quantity: 0 });
    expect(lines(result.cartJson)).toEqual([['oj', 5]]);
    expect(readLiveCart(result.cartJson).version).toBe(6);
    // Emptied (stored as Lua writes an empty list, `{}`), then added to again.
    await store.apply(keys, { op: 'clear' });
    expect(await store.apply(keys, { op: 'clear' })).toMatchObject({ changed: false });
    const again = await add('milk', 1);
    expect(lines(again.cartJson)).toEqual([['milk', 1]]);
    expect(readLiveCart(again.cartJson).version).toBe(8);
  });

  it('reads back the personalization choice, the dismissals and the pushed skus', async () => {
    const pseudonym = shopper();
    const store = ctx.get(CartStore);
    const keys = store.keysOf(pseudonym);
    const get = () => store.apply(keys, { op: 'get' });

    expect(await get()).toMatchObject({ consent: undefined, remoteDevices: false, profileStamp: '' });
    expect((await get()).dismissed.size).toBe(0);
    expect((await get()).reminded.size).toBe(0);

    const cache = ctx.get(ConsentCache);
    await cache.write(pseudonym, 1n, { [Purpose.TargetedOffers]: true });
    expect((await get()).consent).toEqual({});
    await cache.write(pseudonym, 2n, { [Purpose.Personalization]: false, [Purpose.TargetedOffers]: true });
    expect((await get()).consent).toEqual({ personalization: false });
    await cache.write(pseudonym, 3n, { [Purpose.Personalization]: true });
    expect((await get()).consent).toEqual({ personalization: true });

    const until = Date.now() + 86_400_000;
    await store.dismiss(pseudonym, 'tea', until);
    await store.dismiss(pseudonym, 'jam', until + 1);
    await store.markReminded(keys, ['milk', 'eggs']);
    const result = await get();
    expect(result.dismissed).toEqual(
      new Map([
        ['tea', until],
        ['jam', until + 1],
      ]),
    );
    expect(result.reminded).toEqual(new Set(['milk', 'eggs']));
    // A clear forgets what was pushed for the cart, not the dismissals.
    await store.apply(keys, { op: 'clear' });
    expect((await get()).reminded.size).toBe(0);
    expect((await get()).dismissed.size).toBe(2);
  });
});
