import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { Socket } from 'socket.io-client';
import { emitAck } from '../support/cart-client.js';
import { newCustomerId } from '../support/customers.js';
import { testApp } from '../support/fixtures.js';
import { connectCartWithState } from '../support/sockets.js';
import { shopperToken } from '../support/tokens.js';
import { waitFor } from '../support/wait.js';

const MASTER_PORT = Number(process.env.TEST_SENTINEL_MASTER_PORT ?? 6400);
const SENTINEL_PORT = Number(process.env.TEST_SENTINEL_PORT ?? 26400);
const NAME = 'panier-test';

type CartPayload = { cart: { items: Array<{ sku: string; quantity: number }>; version: number } };

/**
 * Panier behind Redis Sentinel (REDIS_SENTINELS, REDIS_SENTINEL_NAME): a real master and a real
 * Sentinel monitoring it (`redis-server --sentinel`), started for the test. The service asks the
 * Sentinel for the master and keeps its carts there, across a restart of the service.
 */
describe('Redis behind Sentinel', () => {
  const dir = mkdtempSync(join(tmpdir(), 'panier-sentinel-'));
  const servers: ChildProcess[] = [];
  const app = testApp().withEnv({
    REDIS_SENTINELS: `127.0.0.1:${SENTINEL_PORT}`,
    REDIS_SENTINEL_NAME: NAME,
    // Only the db number (and credentials) of REDIS_URL count: the host is the Sentinel's answer.
    REDIS_URL: 'redis://sentinel-decides/0',
    REDIS_CLUSTER_NODES: '',
  });
  let master: Redis;
  const open: Socket[] = [];

  function start(args: string[]): ChildProcess {
    const child = spawn('redis-server', args, { stdio: 'ignore' });
    servers.push(child);
    return child;
  }

  beforeAll(async () => {
    start(['--port', String(MASTER_PORT), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir]);
    const config = join(dir, 'sentinel.conf');
    writeFileSync(config, `port ${SENTINEL_PORT}\nbind 127.0.0.1\nsentinel monitor ${NAME} 127.0.0.1 ${MASTER_PORT} 1\n`);
    start([config, '--sentinel']);
    master = new Redis({ port: MASTER_PORT, lazyConnect: true, maxRetriesPerRequest: 1 });
    const sentinel = new Redis({ port: SENTINEL_PORT, lazyConnect: true, maxRetriesPerRequest: 1 });
    await waitFor(async () => (await master.ping().catch(() => null)) === 'PONG', 10_000, 100);
    await waitFor(
      async () => {
        const reply = (await sentinel.call('SENTINEL', 'get-master-addr-by-name', NAME).catch(() => null)) as string[] | null;
        return reply?.[1] === String(MASTER_PORT);
      },
      10_000,
      100,
    );
    sentinel.disconnect();
    await master.flushall();
  }, 30_000);

  afterAll(async () => {
    for (const socket of open) socket.disconnect();
    await app.close();
    master.disconnect();
    for (const server of servers) server.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps live carts on the master the Sentinel names, across a restart of the service', async () => {
    const customer = newCustomerId();
    let { t } = await app.start();
    const first = await connectCartWithState<CartPayload>(t.url, await shopperToken({ sub: customer }));
    open.push(first.socket);
    const added = await emitAck(first.socket, 'cart:add', { sku: 'milk', quantity: 2 });
    expect(added).toMatchObject({ ok: true, cart: { items: [{ sku: 'milk', quantity: 2 }], version: 1 } });
    // The cart is on that master, under the service's prefix.
    const prefix = process.env.REDIS_KEY_PREFIX as string;
    expect((await master.keys(`${prefix}cart:*`)).length).toBe(1);

    first.socket.disconnect();
    await app.close();
    ({ t } = await app.start());
    const again = await connectCartWithState<CartPayload>(t.url, await shopperToken({ sub: customer }));
    open.push(again.socket);
    expect(again.first.cart).toMatchObject({ items: [{ sku: 'milk', quantity: 2 }], version: 1 });
  }, 60_000);
});
