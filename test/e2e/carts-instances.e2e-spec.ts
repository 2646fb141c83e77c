import type { RedisClient } from '../../src/infra/redis/redis-connections.js';
import { IdentityService } from '../../src/modules/identity/identity.service.js';
import { emitAck, collect, sleep } from '../support/cart-client.js';
import { newCustomerId } from '../support/customers.js';
import { socketsClosedAfterEach } from '../support/fixtures.js';
import { givePurchaseHistory } from '../support/history.js';
import { connectCart, connectCartWithState } from '../support/sockets.js';
import { createRoleKeys, type RoleKeys } from '../support/staff.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { shopperToken } from '../support/tokens.js';
import { testRedis } from '../support/redis.js';

type CartPayload = { cart: { items: Array<{ sku: string; quantity: number }>; version: number } };
type RemindersPayload = { reminders: Array<{ sku: string }>; cartVersion: number };

/**
 * Devices of one shopper on different instances of the service (two apps on the same Redis):
 * every change reaches every device, and `cart:state` goes through the socket.io Redis adapter
 * only while the shopper has a device on another instance (ShopperPresence).
 */
describe('live carts across instances', () => {
  let a: TestApp;
  let b: TestApp;
  let keys: RoleKeys;
  let subscriber: RedisClient;
  /** Adapter publishes seen, by room. */
  const published: string[] = [];
  const cluster = Boolean(process.env.REDIS_CLUSTER_NODES);
  const open = socketsClosedAfterEach();

  beforeAll(async () => {
    [a, b] = await Promise.all([startTestApp(), startTestApp()]);
    keys = await createRoleKeys(a);
    subscriber = testRedis({ shardedSubscribers: true });
    // A single-room broadcast is published on `<prefix>socket.io#/carts#<room>#`: by the classic
    // adapter on one server (seen by a pattern), by the sharded one (SPUBLISH) on a Cluster, where
    // `observe` subscribes to the room's channel.
    if (!cluster) await subscriber.psubscribe(`${process.env.REDIS_KEY_PREFIX}socket.io#/carts#shopper:*`);
    subscriber.on('pmessageBuffer', (_pattern: Buffer, channel: Buffer) => published.push(channel.toString()));
    subscriber.on('smessageBuffer', (channel: Buffer) => published.push(channel.toString()));
  });
  afterAll(async () => {
    subscriber.disconnect();
    await Promise.all([a.close(), b.close()]);
  });

  async function connect(app: TestApp, customerId: string) {
    const connected = await connectCartWithState<CartPayload>(app.url, await shopperToken({ sub: customerId }));
    open.push(connected.socket);
    return connected;
  }

  const room = async (customerId: string) =>
    `${process.env.REDIS_KEY_PREFIX}socket.io#/carts#shopper:${await a.app.get(IdentityService).resolve(customerId)}#`;

  it('gives cart:state and reminders to both devices, whichever instance the change comes from', async () => {
    const customerId = await givePurchaseHistory(a, keys.ingest, [
      ['oj', 'milk', 'bread', 'eggs'],
      ['oj', 'milk', 'bread', 'apples'],
      ['oj', 'milk', 'bread', 'eggs'],
    ]);
    const phone = await connect(a, customerId);
    const laptop = await connect(b, customerId);
    const states = { phone: collect<CartPayload>(phone.socket, 'cart:state'), laptop: collect<CartPayload>(laptop.socket, 'cart:state') };
    const reminders = {
      phone: collect<RemindersPayload>(phone.socket, 'reminders'),
      laptop: collect<RemindersPayload>(laptop.socket, 'reminders'),
    };
    await emitAck(phone.socket, 'cart:add', { sku: 'milk' });
    await emitAck(laptop.socket, 'cart:add', { sku: 'bread' });
    await emitAck(phone.socket, 'cart:add', { sku: 'cheese' });
    await sleep(150);
    for (const device of ['phone', 'laptop'] as const) {
      // A change made on the other instance arrives through Redis: it may come after a later local one.
      const byVersion = [...states[device]].sort((x, y) => x.cart.version - y.cart.version);
      expect(byVersion.map((s) => s.cart.version)).toEqual([1, 2, 3]);
      expect(byVersion[2].cart.items.map((i) => i.sku)).toEqual(['milk', 'bread', 'cheese']);
      expect(reminders[device]).toHaveLength(1);
      expect(reminders[device][0]).toMatchObject({ cartVersion: 3 });
      expect(reminders[device][0].reminders.map((r) => r.sku)).toContain('oj');
    }
  });

  it('publishes through the adapter only while a device is connected to another instance', async () => {
    const customerId = newCustomerId();
    const channel = await room(customerId);
    if (cluster) await subscriber.ssubscribe(channel);
    const publishedFor = () => published.filter((c) => c === channel).length;

    const phone = await connect(a, customerId);
    await emitAck(phone.socket, 'cart:add', { sku: 'tea' });
    await sleep(100);
    expect(publishedFor()).toBe(0);

    // A second device on the same instance: still nothing to publish.
    const tablet = await connect(a, customerId);
    const tabletStates = collect<CartPayload>(tablet.socket, 'cart:state');
    await emitAck(phone.socket, 'cart:add', { sku: 'tea' });
    await sleep(100);
    expect(publishedFor()).toBe(0);
    expect(tabletStates.map((s) => s.cart.version)).toEqual([2]);

    // A device on the other instance: every change is published, and reaches it.
    const laptop = await connect(b, customerId);
    const laptopStates = collect<CartPayload>(laptop.socket, 'cart:state');
    await emitAck(phone.socket, 'cart:add', { sku: 'jam' });
    await sleep(100);
    expect(publishedFor()).toBe(1);
    expect(laptopStates.map((s) => s.cart.version)).toEqual([3]);

    // Gone again: back to this instance alone.
    laptop.socket.close();
    await sleep(150);
    await emitAck(phone.socket, 'cart:add', { sku: 'jam' });
    await sleep(100);
    expect(publishedFor()).toBe(1);
    expect(tabletStates.map((s) => s.cart.version)).toEqual([2, 3, 4]);
  });

  it('reaches a device that connects to another instance while the shopper keeps changing the cart', async () => {
    const customerId = newCustomerId();
    const phone = await connect(a, customerId);
    let adds = 0;
    let stop = false;
    const changing = (async () => {
      // Paced to stay within the per-socket burst (SOCKET_EVENTS_BURST).
      while (!stop && adds < 30) {
        const ack = await emitAck(phone.socket, 'cart:add', { sku: 'rice' });
        if (!ack.ok) throw new Error(JSON.stringify(ack));
        adds += 1;
        await sleep(3);
      }
    })();
    await sleep(50);
    // Every cart:state from the very first one (two may arrive in one read).
    const seen: CartPayload[] = [];
    const laptop = await connectCart(b.url, await shopperToken({ sub: customerId }), 3000, (s) =>
      s.on('cart:state', (p: CartPayload) => seen.push(p)),
    );
    open.push(laptop);
    await sleep(100);
    stop = true;
    await changing;
    await sleep(100);
    // The state it got on connect may cross the first changes published to it, but no change
    // made after it connected is missing, and the latest is the cart as it is.
    const versions = new Set(seen.map((p) => p.cart.version));
    const first = Math.min(...versions);
    expect(first).toBeLessThan(adds);
    for (let v = first; v <= adds; v++) expect([v, versions.has(v)]).toEqual([v, true]);
    const latest = seen.reduce((x, y) => (y.cart.version > x.cart.version ? y : x));
    expect(latest.cart.items).toEqual([{ sku: 'rice', quantity: adds }]);
  });
});
