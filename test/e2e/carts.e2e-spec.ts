import type { Socket } from 'socket.io-client';
import { ProductInfoCache } from '../../src/modules/carts/product-info.cache.js';
import { emitAck, collect, sleep } from '../support/cart-client.js';
import { newCustomerId } from '../support/customers.js';
import { withEnv } from '../support/env.js';
import { socketsClosedAfterEach } from '../support/fixtures.js';
import { givePurchaseHistory } from '../support/history.js';
import { connectCartWithState, nextEvent } from '../support/sockets.js';
import { createRoleKeys, type RoleKeys } from '../support/staff.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { shopperToken } from '../support/tokens.js';

type CartPayload = { cart: { items: Array<{ sku: string; quantity: number; name?: string }>; version: number; updatedAt: string } };
type RemindersPayload = {
  reminders: Array<{ sku: string; score: number; reason: { timesBought: number; lastBoughtAt: string; typicalIntervalDays?: number } }>;
  cartVersion: number;
};

describe('live carts over socket.io', () => {
  let t: TestApp;
  let keys: RoleKeys;
  const open = socketsClosedAfterEach();

  beforeAll(async () => {
    t = await startTestApp();
    keys = await createRoleKeys(t);
  });
  afterAll(() => t.close());

  async function connect(customerId: string): Promise<{ socket: Socket; first: CartPayload }> {
    const connected = await connectCartWithState<CartPayload>(t.url, await shopperToken({ sub: customerId }));
    open.push(connected.socket);
    return connected;
  }

  it('adds, removes and clears, acknowledging each change with the cart', async () => {
    const { socket, first } = await connect(newCustomerId());
    expect(first.cart).toEqual({ items: [], version: 0, updatedAt: expect.any(String) });
    const added = await emitAck(socket, 'cart:add', { sku: 'milk', quantity: 2 });
    expect(added).toMatchObject({ ok: true, cart: { items: [{ sku: 'milk', quantity: 2 }], version: 1 } });
    if (!added.ok) throw new Error('add failed');
    expect(Date.parse((added.cart as CartPayload['cart']).updatedAt)).toBeGreaterThanOrEqual(Date.parse(first.cart.updatedAt));
    await emitAck(socket, 'cart:add', { sku: 'bread' });
    const removedOne = await emitAck(socket, 'cart:remove', { sku: 'milk', quantity: 1 });
    expect(removedOne).toMatchObject({
      ok: true,
      cart: {
        items: [
          { sku: 'milk', quantity: 1 },
          { sku: 'bread', quantity: 1 },
        ],
        version: 3,
      },
    });
    const removedLine = await emitAck(socket, 'cart:remove', { sku: 'bread' });
    expect(removedLine).toMatchObject({ ok: true, cart: { items: [{ sku: 'milk', quantity: 1 }] } });
    const cleared = await emitAck(socket, 'cart:clear', {});
    expect(cleared).toMatchObject({ ok: true, cart: { items: [], version: 5 } });
  });

  it('shares one cart between two devices of the shopper, each getting cart:state', async () => {
    const customerId = newCustomerId();
    const phone = await connect(customerId);
    const laptop = await connect(customerId);
    const phoneStates = collect<CartPayload>(phone.socket, 'cart:state');
    const laptopStates = collect<CartPayload>(laptop.socket, 'cart:state');
    await emitAck(phone.socket, 'cart:add', { sku: 'eggs' });
    await emitAck(laptop.socket, 'cart:add', { sku: 'eggs', quantity: 2 });
    await sleep(100);
    expect(phoneStates.map((s) => s.cart.version)).toEqual([1, 2]);
    expect(laptopStates.map((s) => s.cart.version)).toEqual([1, 2]);
    expect(laptopStates[1].cart.items).toEqual([{ sku: 'eggs', quantity: 3 }]);
  });

  it('reaches devices connected to another instance of the service', async () => {
    const other = await startTestApp();
    try {
      const customerId = newCustomerId();
      const here = await connect(customerId);
      const there = await connectCartWithState<CartPayload>(other.url, await shopperToken({ sub: customerId }));
      open.push(there.socket);
      const seenThere = nextEvent<CartPayload>(there.socket, 'cart:state');
      await emitAck(here.socket, 'cart:add', { sku: 'butter' });
      expect((await seenThere).cart.items).toEqual([{ sku: 'butter', quantity: 1 }]);
    } finally {
      await other.close();
    }
  });

  it('keeps the cart across a reconnect and a restart of the service', async () => {
    const customerId = newCustomerId();
    const first = await connect(customerId);
    await emitAck(first.socket, 'cart:add', { sku: 'coffee', quantity: 2 });
    first.socket.close();
    const again = await connect(customerId);
    expect(again.first.cart.items).toEqual([{ sku: 'coffee', quantity: 2 }]);
    again.socket.close();

    await t.close();
    t = await startTestApp();
    const afterRestart = await connect(customerId);
    expect(afterRestart.first.cart).toMatchObject({ items: [{ sku: 'coffee', quantity: 2 }], version: 1 });
  });

  it('answers every malformed payload with an error ack, keeps the socket and changes nothing', async () => {
    const { socket } = await connect(newCustomerId());
    await emitAck(socket, 'cart:add', { sku: 'tea' });
    const bad: Array<[string, unknown, string]> = [
      ['cart:add', {}, 'sku'],
      ['cart:add', { sku: 'tea', quantity: 0 }, 'quantity'],
      ['cart:add', { sku: 'tea', quantity: 2.5 }, 'quantity'],
      ['cart:add', { sku: 'tea', quantity: '3' }, 'quantity'],
      ['cart:add', { sku: 'tea', extra: true }, 'extra'],
      ['cart:add', { sku: ' padded ' }, 'sku'],
      ['cart:add', 'tea', 'body'],
      ['cart:add', [1, 2], 'body'],
      ['cart:add', null, 'sku'],
      ['cart:remove', { sku: 42 }, 'sku'],
      ['cart:clear', { all: true }, 'all'],
      ['cart:checkout', {}, 'orderId'],
      ['reminder:dismiss', { sku: '' }, 'sku'],
      ['cart:add', { sku: 'tea', quantity: 10_000 }, 'quantity'],
    ];
    for (const [event, payload, field] of bad) {
      const ack = await emitAck(socket, event, payload);
      expect(ack).toMatchObject({ ok: false, error: { statusCode: 400, code: 'VALIDATION_FAILED' } });
      if (!ack.ok) expect(ack.error.details?.map((d) => d.field)).toContain(field);
    }
    expect(await emitAck(socket, 'cart:teleport', { sku: 'tea' })).toMatchObject({
      ok: false,
      error: { statusCode: 404, code: 'NOT_FOUND' },
    });
    // socket.io lets a client name an event with a number; it once crashed the process.
    const numbered = (await socket.timeout(3000).emitWithAck(123 as unknown as string, { sku: 'tea' })) as unknown;
    expect(numbered).toMatchObject({ ok: false, error: { statusCode: 404, code: 'NOT_FOUND' } });
    expect(socket.connected).toBe(true);
    const state = await emitAck(socket, 'cart:add', { sku: 'tea' });
    expect(state).toMatchObject({ ok: true, cart: { items: [{ sku: 'tea', quantity: 2 }], version: 2 } });
  });

  it('holds a new line and a line added to to the most quantity, and the cart to the most lines, storing nothing refused', async () => {
    const restoreEnv = withEnv({ CART_MAX_LINES: '2', CART_MAX_QUANTITY: '5' });
    const small = await startTestApp().finally(restoreEnv);
    try {
      const { socket } = await connectCartWithState<CartPayload>(small.url, await shopperToken({ sub: newCustomerId() }));
      open.push(socket);
      const refused = (field: string) => ({
        ok: false,
        error: { statusCode: 400, code: 'VALIDATION_FAILED', details: [expect.objectContaining({ field })] },
      });
      expect(await emitAck(socket, 'cart:add', { sku: 'rice', quantity: 6 })).toMatchObject(refused('quantity'));
      expect(await emitAck(socket, 'cart:add', { sku: 'rice', quantity: 5 })).toMatchObject({
        ok: true,
        cart: { items: [{ sku: 'rice', quantity: 5 }], version: 1 },
      });
      expect(await emitAck(socket, 'cart:add', { sku: 'rice' })).toMatchObject(refused('quantity'));
      expect(await emitAck(socket, 'cart:add', { sku: 'oil' })).toMatchObject({ ok: true, cart: { version: 2 } });
      expect(await emitAck(socket, 'cart:add', { sku: 'salt' })).toMatchObject(refused('sku'));
      // The refusals changed nothing: the next change is version 3 of the two accepted lines.
      expect(await emitAck(socket, 'cart:remove', { sku: 'oil', quantity: 1 })).toEqual({
        ok: true,
        cart: { items: [{ sku: 'rice', quantity: 5 }], version: 3, updatedAt: expect.any(String) },
      });
    } finally {
      await small.close();
    }
  });

  it('rate-limits events per socket with an error ack', async () => {
    const { socket } = await connect(newCustomerId());
    const acks = await Promise.all(Array.from({ length: 60 }, () => emitAck(socket, 'cart:review', {})));
    const limited = acks.filter((a) => !a.ok && a.error.code === 'RATE_LIMITED');
    expect(limited.length).toBeGreaterThan(0);
    expect(acks.filter((a) => a.ok).length).toBeGreaterThanOrEqual(20);
    expect(socket.connected).toBe(true);
  });

  describe('reminders', () => {
    const usual = [
      ['oj', 'milk', 'bread', 'eggs'],
      ['oj', 'milk', 'bread', 'apples'],
      ['oj', 'milk', 'bread', 'eggs'],
      ['oj', 'milk', 'cheese'],
    ];

    it('suggests the habitual item missing from the cart, with its reason', async () => {
      const customerId = await givePurchaseHistory(t, keys.ingest, usual);
      const { socket } = await connect(customerId);
      await emitAck(socket, 'cart:add', { sku: 'milk' });
      await emitAck(socket, 'cart:add', { sku: 'bread' });
      const review = await emitAck(socket, 'cart:review', {});
      if (!review.ok) throw new Error(JSON.stringify(review));
      const reminders = review.reminders as RemindersPayload['reminders'];
      expect(reminders.length).toBeGreaterThan(0);
      expect(reminders.length).toBeLessThanOrEqual(3);
      expect(reminders[0]).toMatchObject({ sku: 'oj', reason: { timesBought: 4, typicalIntervalDays: 7 } });
      expect(reminders.map((r) => r.sku)).not.toContain('milk');
      expect(reminders.map((r) => r.sku)).not.toContain('bread');
      expect(Date.parse(reminders[0].reason.lastBoughtAt)).not.toBeNaN();
    });

    it('pushes reminders once the cart holds a few items, never the same sku twice in a cart', async () => {
      const customerId = await givePurchaseHistory(t, keys.ingest, usual);
      const { socket } = await connect(customerId);
      const pushed = collect<RemindersPayload>(socket, 'reminders');
      await emitAck(socket, 'cart:add', { sku: 'milk' });
      await emitAck(socket, 'cart:add', { sku: 'bread' });
      await sleep(50);
      expect(pushed).toEqual([]); // 2 items: too early to speak
      await emitAck(socket, 'cart:add', { sku: 'cheese' });
      await sleep(50);
      expect(pushed).toHaveLength(1);
      expect(pushed[0].reminders.map((r) => r.sku)).toContain('oj');
      expect(pushed[0].cartVersion).toBe(3);
      await emitAck(socket, 'cart:add', { sku: 'butter' });
      await emitAck(socket, 'cart:add', { sku: 'jam' });
      await sleep(50);
      const everyPushed = pushed.flatMap((p) => p.reminders.map((r) => r.sku));
      expect(new Set(everyPushed).size).toBe(everyPushed.length);
    });

    it('never suggests a dismissed item', async () => {
      const customerId = await givePurchaseHistory(t, keys.ingest, usual);
      const { socket } = await connect(customerId);
      await emitAck(socket, 'cart:add', { sku: 'milk' });
      expect(await emitAck(socket, 'reminder:dismiss', { sku: 'oj' })).toEqual({ ok: true });
      const review = await emitAck(socket, 'cart:review', {});
      if (!review.ok) throw new Error('review failed');
      expect((review.reminders as Array<{ sku: string }>).map((r) => r.sku)).not.toContain('oj');
    });

    it('stops at once when personalization is withdrawn, from the next event on', async () => {
      const customerId = await givePurchaseHistory(t, keys.ingest, usual);
      const { socket } = await connect(customerId);
      await emitAck(socket, 'cart:add', { sku: 'milk' });
      const before = await emitAck(socket, 'cart:review', {});
      expect(before.ok && (before.reminders as unknown[]).length).toBeGreaterThan(0);
      await t.http
        .put('/v1/me/consents')
        .set('Authorization', `Bearer ${await shopperToken({ sub: customerId })}`)
        .send({ personalization: false })
        .expect(200);
      const pushed = collect<RemindersPayload>(socket, 'reminders');
      expect(await emitAck(socket, 'cart:review', {})).toEqual({ ok: true, reminders: [] });
      for (const sku of ['bread', 'cheese', 'eggs']) await emitAck(socket, 'cart:add', { sku });
      await sleep(50);
      expect(pushed.flatMap((p) => p.reminders)).toEqual([]);
    });

    it('records checkout as a purchase, empties the cart, and updates the next reminders', async () => {
      const customerId = await givePurchaseHistory(t, keys.ingest, usual);
      const { socket } = await connect(customerId);
      for (const sku of ['oj', 'milk', 'granola']) await emitAck(socket, 'cart:add', { sku });
      const orderId = `web-${Date.now()}`;
      expect(await emitAck(socket, 'cart:checkout', { orderId })).toEqual({ ok: true, orderId });
      // A retry (the first ack was lost) is answered the same, and records nothing more.
      expect(await emitAck(socket, 'cart:checkout', { orderId })).toEqual({ ok: true, orderId });
      const state = await emitAck(socket, 'cart:add', { sku: 'milk' });
      expect(state).toMatchObject({ ok: true, cart: { items: [{ sku: 'milk', quantity: 1 }] } });
      const review = await emitAck(socket, 'cart:review', {});
      if (!review.ok) throw new Error('review failed');
      const oj = (review.reminders as RemindersPayload['reminders']).find((r) => r.sku === 'oj');
      expect(oj?.reason.timesBought).toBe(5);
      const data = await t.http
        .get('/v1/me/data')
        .set('Authorization', `Bearer ${await shopperToken({ sub: customerId })}`)
        .expect(200);
      expect(data.body.purchases.filter((p: { orderId: string }) => p.orderId === orderId)).toEqual([
        expect.objectContaining({
          channel: 'online',
          items: expect.arrayContaining([expect.objectContaining({ sku: 'granola', quantity: 1 })]),
        }),
      ]);
      // Another cart under the same orderId is a conflict, and the cart stays as it was.
      const conflict = await emitAck(socket, 'cart:checkout', { orderId });
      expect(conflict).toMatchObject({ ok: false, error: { statusCode: 409, code: 'CONFLICT' } });
    });
  });

  it('refuses to check out an empty cart', async () => {
    const { socket } = await connect(newCustomerId());
    const ack = await emitAck(socket, 'cart:checkout', { orderId: `o-${Date.now()}` });
    expect(ack).toMatchObject({ ok: false, error: { statusCode: 409, code: 'CONFLICT' } });
  });

  it('names a product created while the service runs from the first ack and cart:state in which its sku appears', async () => {
    // The catalog change reaches the instance (pub/sub), which reads the new sku before any cart
    // holds it: the cart event itself never waits on PostgreSQL.
    const [known, unknown] = [`named-${Date.now()}`, `unlisted-${Date.now()}`];
    await t.http
      .put('/v1/products')
      .set('X-Api-Key', keys.ingest)
      .send([{ sku: known, name: 'Oat milk 1 L' }])
      .expect(200);
    const products = t.app.get(ProductInfoCache);
    for (let waited = 0; !products.hasAll([known]) && waited < 5000; waited += 20) await sleep(20);
    const { socket } = await connect(newCustomerId());
    const state = nextEvent<CartPayload>(socket, 'cart:state');
    const added = await emitAck(socket, 'cart:add', { sku: known });
    expect(added).toMatchObject({ ok: true, cart: { items: [{ sku: known, name: 'Oat milk 1 L', quantity: 1 }] } });
    expect((await state).cart.items).toEqual([{ sku: known, name: 'Oat milk 1 L', quantity: 1 }]);
    // A sku the catalog does not know is accepted, without a name.
    const other = await emitAck(socket, 'cart:add', { sku: unknown });
    expect(other).toMatchObject({
      ok: true,
      cart: {
        items: [
          { sku: known, name: 'Oat milk 1 L', quantity: 1 },
          { sku: unknown, quantity: 1 },
        ],
      },
    });
  });

  it('gives a never-touched cart the time it came into being as updatedAt, the same on every read', async () => {
    const customerId = newCustomerId();
    // Before any connection, the data access document shows an empty cart in the same shape.
    const data = await t.http
      .get('/v1/me/data')
      .set('Authorization', `Bearer ${await shopperToken({ sub: customerId })}`)
      .expect(200);
    expect(data.body.cart).toEqual({ items: [], version: 0, updatedAt: expect.any(String) });
    expect(Date.parse(data.body.cart.updatedAt)).not.toBeNaN();
    const first = await connect(customerId);
    expect(first.first.cart).toEqual({ items: [], version: 0, updatedAt: expect.any(String) });
    const createdAt = first.first.cart.updatedAt;
    expect(new Date(createdAt).toISOString()).toBe(createdAt);
    // Clearing an empty cart changes nothing: same version, same updatedAt.
    expect(await emitAck(first.socket, 'cart:clear', {})).toEqual({ ok: true, cart: { items: [], version: 0, updatedAt: createdAt } });
    first.socket.close();
    await sleep(20);
    const again = await connect(customerId);
    expect(again.first.cart).toEqual({ items: [], version: 0, updatedAt: createdAt });
  });

  it('tells every device when the cart changes, including the one that made it', async () => {
    const customerId = newCustomerId();
    const { socket } = await connect(customerId);
    const state = nextEvent<CartPayload>(socket, 'cart:state');
    await emitAck(socket, 'cart:add', { sku: 'rice' });
    expect((await state).cart.items).toEqual([{ sku: 'rice', quantity: 1 }]);
  });
});
