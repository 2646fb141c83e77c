import { randomUUID } from 'node:crypto';
import type { RedisClient } from '../../src/infra/redis/redis-connections.js';
import { ShopperPublisher } from '../../src/modules/shopper-channel/shopper-publisher.service.js';
import { sleep } from '../support/cart-client.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The socket.io Redis adapter publishes without handling failures (an erasure's disconnect of a
 * shopper's devices on every instance, broadcasts): with its Redis connection gone, that must be
 * logged, not an unhandled rejection (which ends the process in production).
 */
describe('socket.io Redis adapter publishes', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  }, 60_000);
  afterAll(() => t.close());

  it('fail without an unhandled rejection when the adapter has lost Redis', async () => {
    const publisher = t.app.get(ShopperPublisher);
    const namespace = (publisher as unknown as { namespace: { adapter: { pubClient: RedisClient } } }).namespace;
    const pub = namespace.adapter.pubClient;
    const rejections: unknown[] = [];
    const record = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', record);
    try {
      pub.disconnect(); // closed for good: every command is refused
      const refused = pub.publish('any', 'thing');
      await publisher.disconnect(randomUUID());
      publisher.cartState(randomUUID(), { items: [], version: 1, updatedAt: new Date().toISOString() }, 'everywhere');
      // ioredis' words for it: one server's, a Cluster's.
      await expect(refused).rejects.toThrow(/Connection is closed|None of startup nodes is available/);
      await sleep(200);
      expect(rejections).toEqual([]);
    } finally {
      process.off('unhandledRejection', record);
    }
  });
});
