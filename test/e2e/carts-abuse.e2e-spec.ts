import { randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import { RedisService } from '../../src/infra/redis/redis.service.js';
import { RedisKeys } from '../../src/infra/redis/redis-keys.js';
import { IdentityService } from '../../src/modules/identity/identity.service.js';
import { type Ack, emitAck } from '../support/cart-client.js';
import { newCustomerId } from '../support/customers.js';
import { socketsClosedAfterEach, testApp } from '../support/fixtures.js';
import { givePurchaseHistory } from '../support/history.js';
import { connectCart, connectCartWithState } from '../support/sockets.js';
import type { RoleKeys } from '../support/staff.js';
import type { TestApp } from '../support/test-app.js';
import { shopperToken } from '../support/tokens.js';

type CartState = { cart: { items: Array<{ sku: string; quantity: number }>; version: number } };

/** What one shopper's sockets could abuse on the live path: dismissals, checkouts, event order. */
describe('live carts under abuse', () => {
  const app = testApp()
    .withEnv({
      // A key prefix of its own: the checkout limit counts in Redis.
      REDIS_KEY_PREFIX: `panier-test-abuse-${randomUUID()}:`,
      REMINDER_DISMISSALS_MAX: '2',
      RATE_LIMIT_CHECKOUTS_PER_SHOPPER: '3',
    })
    .withRoleKeys();
  let t: TestApp;
  let keys: RoleKeys;
  let redis: RedisService['client'];
  const open = socketsClosedAfterEach();

  beforeAll(async () => {
    ({ t, keys } = await app.start());
    redis = t.app.get(RedisService).client;
  }, 60_000);
  afterAll(() => app.close());

  async function connect(customerId: string): Promise<Socket> {
    const { socket } = await connectCartWithState<CartState>(t.url, await shopperToken({ sub: customerId }));
    open.push(socket);
    return socket;
  }

  const pseudonymOf = async (customerId: string) => (await t.app.get(IdentityService).lookup(customerId)) as string;

  describe('reminder:dismiss', () => {
    const usual = [
      ['oj', 'milk', 'bread', 'eggs', 'jam'],
      ['oj', 'milk', 'bread', 'apples', 'jam'],
      ['oj', 'milk', 'bread', 'eggs', 'tea'],
    ];

    it('refuses a sku never suggested to the shopper, storing nothing', async () => {
      const customerId = await givePurchaseHistory(t, keys.ingest, usual);
      const socket = await connect(customerId);
      const refused = await emitAck(socket, 'reminder:dismiss', { sku: 'never-bought' });
      expect(refused).toMatchObject({
        ok: false,
        error: { statusCode: 400, code: 'VALIDATION_FAILED', details: [{ field: 'sku', message: expect.any(String) }] },
      });
      expect(await redis.exists(RedisKeys.dismissed(await pseudonymOf(customerId)))).toBe(0);
      // A shopper without any history has nothing to dismiss either.
      const stranger = await connect(newCustomerId());
      expect(await emitAck(stranger, 'reminder:dismiss', { sku: 'oj' })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    });

    it('keeps at most REMINDER_DISMISSALS_MAX skus, the latest, under a key that expires', async () => {
      const customerId = await givePurchaseHistory(t, keys.ingest, usual);
      const key = RedisKeys.dismissed(await pseudonymOf(customerId));
      // Dismissed from two devices: the check does not depend on what one device was shown.
      const [phone, laptop] = [await connect(customerId), await connect(customerId)];
      const review = await emitAck(phone, 'cart:review', {});
      expect(review.ok && (review.reminders as Array<{ sku: string }>).map((r) => r.sku)).toContain('oj');
      const skus = ['oj', 'milk', 'bread', 'eggs', 'jam'];
      for (const [i, sku] of skus.entries()) {
        expect(await emitAck(i % 2 === 0 ? phone : laptop, 'reminder:dismiss', { sku })).toEqual({ ok: true });
        expect(await redis.hlen(key)).toBeLessThanOrEqual(2);
      }
      expect(Object.keys(await redis.hgetall(key)).sort()).toEqual(['eggs', 'jam']);
      const ttl = await redis.pttl(key);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(30 * 86_400_000);
      // What is kept still works: neither is suggested.
      const after = await emitAck(laptop, 'cart:review', {});
      if (!after.ok) throw new Error(JSON.stringify(after));
      const suggested = (after.reminders as Array<{ sku: string }>).map((r) => r.sku);
      expect(suggested).not.toContain('jam');
      expect(suggested).not.toContain('eggs');
    });
  });

  describe('cart:checkout', () => {
    it('keeps online checkouts apart from the retailer order ids: a till order under the same id is still created', async () => {
      const socket = await connect(newCustomerId());
      await emitAck(socket, 'cart:add', { sku: 'milk' });
      const orderId = `claimed-${randomUUID()}`;
      expect(await emitAck(socket, 'cart:checkout', { orderId })).toEqual({ ok: true, orderId });
      const till = {
        customerId: newCustomerId(),
        orderId,
        purchasedAt: new Date().toISOString(),
        channel: 'store',
        items: [{ sku: 'milk', quantity: 1 }],
      };
      const created = await t.http.post('/v1/purchases').set('X-Api-Key', keys.ingest).send(till).expect(201);
      expect(created.body).toEqual({ orderId, status: 'created' });
    });

    it('shows the shopper their own order id in GET /v1/me/data', async () => {
      const customerId = newCustomerId();
      const socket = await connect(customerId);
      await emitAck(socket, 'cart:add', { sku: 'tea', quantity: 2 });
      const orderId = `web-${randomUUID()}`;
      expect(await emitAck(socket, 'cart:checkout', { orderId })).toEqual({ ok: true, orderId });
      const data = await t.http
        .get('/v1/me/data')
        .set('Authorization', `Bearer ${await shopperToken({ sub: customerId })}`)
        .expect(200);
      expect(data.body.purchases).toEqual([
        expect.objectContaining({ orderId, channel: 'online', items: [expect.objectContaining({ sku: 'tea', quantity: 2 })] }),
      ]);
    });

    it('answers checkouts beyond RATE_LIMIT_CHECKOUTS_PER_SHOPPER with RATE_LIMITED, recording nothing', async () => {
      const customerId = newCustomerId();
      const socket = await connect(customerId);
      const acks: Ack[] = [];
      for (let i = 0; i < 4; i++) {
        await emitAck(socket, 'cart:add', { sku: 'milk' });
        acks.push(await emitAck(socket, 'cart:checkout', { orderId: `web-${i}-${randomUUID()}` }));
      }
      expect(acks.slice(0, 3).map((a) => a.ok)).toEqual([true, true, true]);
      expect(acks[3]).toMatchObject({ ok: false, error: { statusCode: 429, code: 'RATE_LIMITED' } });
      // The refused checkout left the cart as it was.
      const state = await emitAck(socket, 'cart:add', { sku: 'bread' });
      expect(state).toMatchObject({ ok: true, cart: { items: [{ sku: 'milk' }, { sku: 'bread' }] } });
      const data = await t.http
        .get('/v1/me/data')
        .set('Authorization', `Bearer ${await shopperToken({ sub: customerId })}`)
        .expect(200);
      expect(data.body.purchases).toHaveLength(3);
    });
  });

  it('sends the welcome cart:state (version 0) before the state of an event sent right on connect', async () => {
    for (let run = 0; run < 20; run++) {
      const states: CartState[] = [];
      let added!: Promise<Ack>;
      const socket = await connectCart(t.url, await shopperToken({ sub: newCustomerId() }), 3000, (s) => {
        s.on('cart:state', (state: CartState) => states.push(state));
        // Sent by the client as soon as the handshake is accepted.
        added = s.timeout(3000).emitWithAck('cart:add', { sku: 'milk' }) as Promise<Ack>;
      });
      open.push(socket);
      expect(await added).toMatchObject({ ok: true, cart: { version: 1 } });
      expect(states[0]?.cart.version).toBe(0);
      expect(states.map((s) => s.cart.version)).toEqual([0, 1]);
    }
  });
});
