import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { Socket } from 'socket.io-client';
import { emitAck } from '../support/cart-client.js';
import { newCustomerId } from '../support/customers.js';
import { testApp } from '../support/fixtures.js';
import { connectCartWithState, eventWhere } from '../support/sockets.js';
import { shopperToken } from '../support/tokens.js';
import { waitFor } from '../support/wait.js';

const MASTER_PORT = Number(process.env.TEST_FAILOVER_MASTER_PORT ?? 6410);
const REPLICA_PORT = MASTER_PORT + 1;
const SENTINEL_PORTS = [0, 1, 2].map((i) => Number(process.env.TEST_FAILOVER_SENTINEL_PORT ?? 26410) + i);
const NAME = 'panier-failover';

type Cart = { items: Array<{ sku: string; quantity: number }>; version: number };
type CartPayload = { cart: Cart };
type ErasureStatus = { status: string };

const info = async (client: Redis, field: string): Promise<string | undefined> =>
  new RegExp(`^${field}:(.*)\\r?$`, 'm').exec(await client.info('replication'))?.[1];

/**
 * A planned fail-over (SENTINEL FAILOVER) under a live cart: a master, its replica and three
 * Sentinels, started for the test, with Panier finding the master through them. Every change
 * acknowledged before the fail-over is still in the cart after it, and the cart path (and a
 * BullMQ job) works on the promoted replica.
 */
describe('Redis Sentinel fail-over', () => {
  const dir = mkdtempSync(join(tmpdir(), 'panier-failover-'));
  const servers: ChildProcess[] = [];
  const app = testApp()
    .withEnv({
      REDIS_SENTINELS: SENTINEL_PORTS.map((port) => `127.0.0.1:${port}`).join(','),
      REDIS_SENTINEL_NAME: NAME,
      REDIS_URL: 'redis://sentinel-decides/0',
      REDIS_CLUSTER_NODES: '',
    })
    .withRoleKeys();
  const master = new Redis({ port: MASTER_PORT, lazyConnect: true, maxRetriesPerRequest: 1 });
  const replica = new Redis({ port: REPLICA_PORT, lazyConnect: true, maxRetriesPerRequest: 1 });
  const sentinel = new Redis({ port: SENTINEL_PORTS[0], lazyConnect: true, maxRetriesPerRequest: 1 });
  const watcher = new Redis({ port: SENTINEL_PORTS[0], lazyConnect: true, maxRetriesPerRequest: 1 });
  const open: Socket[] = [];

  function start(args: string[]): void {
    const child = spawn('redis-server', args, { stdio: 'ignore' });
    child.on('error', (error) => {
      throw new Error(`redis-server did not start: ${error.message}`);
    });
    servers.push(child);
  }
  const server = (port: number) => ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir];
  const masterPort = async (): Promise<string | undefined> =>
    ((await sentinel.call('SENTINEL', 'get-master-addr-by-name', NAME).catch(() => null)) as string[] | null)?.[1];

  beforeAll(async () => {
    start(server(MASTER_PORT));
    start([...server(REPLICA_PORT), '--replicaof', '127.0.0.1', String(MASTER_PORT)]);
    await waitFor(async () => (await info(replica, 'master_link_status').catch(() => null)) === 'up', 10_000);
    for (const port of SENTINEL_PORTS) {
      const config = join(dir, `sentinel-${port}.conf`);
      writeFileSync(config, `port ${port}\nbind 127.0.0.1\nsentinel monitor ${NAME} 127.0.0.1 ${MASTER_PORT} 2\n`);
      start([config, '--sentinel']);
    }
    // SENTINEL FAILOVER answers NOGOODSLAVE until the Sentinel has seen the replica.
    await waitFor(async () => {
      const replicas = (await sentinel.call('SENTINEL', 'replicas', NAME).catch(() => [])) as string[][];
      return (await masterPort()) === String(MASTER_PORT) && replicas.length === 1 && replicas[0].includes('slave');
    }, 15_000);
    await master.flushall();
  }, 40_000);

  afterAll(async () => {
    try {
      for (const socket of open) socket.disconnect();
      await app.close();
    } finally {
      // Whatever happened above: no server may keep these ports for the next run.
      for (const client of [master, replica, sentinel, watcher]) client.disconnect();
      for (const child of servers) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps every acknowledged cart change through a planned fail-over, then serves carts and jobs on the new master', async () => {
    const { t, keys } = await app.start();
    const token = await shopperToken({ sub: newCustomerId() });
    const { socket } = await connectCartWithState<CartPayload>(t.url, token);
    open.push(socket);
    for (const [sku, quantity] of [
      ['milk', 2],
      ['bread', 1],
      ['milk', 1],
    ] as const) {
      expect(await emitAck(socket, 'cart:add', { sku, quantity })).toMatchObject({ ok: true });
    }
    const before: Cart = {
      items: [
        { sku: 'milk', quantity: 3 },
        { sku: 'bread', quantity: 1 },
      ],
      version: 3,
    };
    // The replica has every acknowledged change before the fail-over starts.
    const written = Number(await info(master, 'master_repl_offset'));
    await waitFor(async () => Number(await info(replica, 'slave_repl_offset')) >= written, 5000, 20);

    // The Sentinel names the promoted replica a moment before it announces the switch; Panier
    // follows the announcement (+switch-master), and the old master takes writes until demoted.
    let switched = false;
    watcher.on('message', () => (switched = true));
    await watcher.subscribe('+switch-master');
    expect(await sentinel.call('SENTINEL', 'FAILOVER', NAME)).toBe('OK');
    await waitFor(async () => switched, 15_000, 50);
    expect(await masterPort()).toBe(String(REPLICA_PORT));

    // The cart path recovers: a new change is acknowledged, on the same socket or a new one. An
    // add that got no ack may still have landed: the cart is read afresh before it is sent again.
    let current = socket;
    const added = await waitFor(
      async () => {
        if (!current.connected) {
          current = (await connectCartWithState<CartPayload>(t.url, token).catch(() => null))?.socket ?? current;
          open.push(current);
        }
        const state = eventWhere<CartPayload>(current, 'cart:state', (p) => p.cart.version === before.version + 1, 15_000);
        state.catch(() => undefined);
        const ack = await emitAck(current, 'cart:add', { sku: 'eggs', quantity: 6 }, 15_000).catch(() => null);
        if (ack?.ok) return { ack, state: await state };
        const fresh = await connectCartWithState<CartPayload>(t.url, token).catch(() => null);
        if (!fresh) return undefined;
        open.push(fresh.socket);
        current = fresh.socket;
        return fresh.first.cart.version > before.version ? { ack: { ok: true, cart: fresh.first.cart }, state: fresh.first } : undefined;
      },
      45_000,
      250,
    );
    const after: Cart = { items: [...before.items, { sku: 'eggs', quantity: 6 }], version: before.version + 1 };
    expect(added.ack).toMatchObject({ cart: after });
    expect(added.state.cart).toMatchObject(after);

    // The old master becomes a replica of the new one (dropping whatever only it had): the cart,
    // read afresh, still holds every acknowledged change.
    await waitFor(
      async () =>
        (await info(master, 'role').catch(() => null)) === 'slave' && (await info(master, 'master_link_status').catch(() => null)) === 'up',
      30_000,
    );
    const again = await connectCartWithState<CartPayload>(t.url, token);
    open.push(again.socket);
    expect(again.first.cart).toMatchObject(after);

    // BullMQ follows: an erasure request (a queued job) completes on the new master.
    const erasure = (
      await t.http
        .delete('/v1/me')
        .set('Authorization', `Bearer ${await shopperToken()}`)
        .expect(202)
    ).body.requestId as string;
    const status = await waitFor(async () => {
      const { body } = await t.http.get(`/v1/privacy/erasure/${erasure}`).set('X-Api-Key', keys.privacy).expect(200);
      return ['done', 'failed'].includes((body as ErasureStatus).status) ? (body as ErasureStatus) : undefined;
    }, 15_000);
    expect(status.status).toBe('done');
  }, 120_000);
});
