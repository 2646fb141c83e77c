import type { Socket } from 'socket.io-client';
import { RedisService } from '../../src/infra/redis/redis.service.js';
import { RedisKeys } from '../../src/infra/redis/redis-keys.js';
import { IdentityService } from '../../src/modules/identity/identity.service.js';
import { emitAck } from '../support/cart-client.js';
import { newCustomerId } from '../support/customers.js';
import { socketsClosedAfterEach, testApp } from '../support/fixtures.js';
import { givePurchaseHistory } from '../support/history.js';
import { connectCartWithState } from '../support/sockets.js';
import type { RoleKeys } from '../support/staff.js';
import type { TestApp } from '../support/test-app.js';
import { shopperToken } from '../support/tokens.js';

type CartState = { cart: { items: Array<{ sku: string; quantity: number }>; version: number } };

/** What one shopper's sockets could abuse on the live path. */
describe('live carts under abuse', () => {
  const app = testApp()
    .withEnv({
      REMINDER_DISMISSALS_MAX: '2',
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
});
