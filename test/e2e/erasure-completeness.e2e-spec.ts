import { randomUUID } from 'node:crypto';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import type pg from 'pg';
import { QueueName } from '../../src/infra/queue/queue-names.js';
import { IdentityService } from '../../src/modules/identity/identity.service.js';
import { CartTriggerIndex } from '../../src/modules/offers/cart-trigger.index.js';
import { campaignBody, launchCampaign } from '../support/campaigns.js';
import { emitAck } from '../support/cart-client.js';
import type { RedisClient } from '../../src/infra/redis/redis-connections.js';
import { scanKeys, testRedis } from '../support/redis.js';
import { testApp } from '../support/fixtures.js';
import { apiShopper } from '../support/shoppers.js';
import { connectCartWithState, nextEvent } from '../support/sockets.js';
import type { RoleKeys } from '../support/staff.js';
import type { TestApp } from '../support/test-app.js';
import { waitFor } from '../support/wait.js';

/** A place where something tied to the shopper was found. */
interface Finding {
  where: string;
  found: string;
}

/**
 * Erasure completeness by enumeration: after an erasure (both passes), every text-like column of
 * every table, every Redis key under the prefix (its name and its value, whatever its type) and
 * every BullMQ job in every state is searched for the shopper's identifiers. Only the minimum proof
 * may remain. A table, key family or queue added later without erasure makes this fail.
 */
describe('erasure completeness', () => {
  const app = testApp()
    .withEnv({ CAMPAIGN_SEND_RATE: '0', ERASURE_SECOND_PASS_DELAY_MS: '1500' })
    .withPushCredentials()
    .withRoleKeys()
    .withDatabase()
    .withCampaignProducts();
  let t: TestApp;
  let keys: RoleKeys;
  let db: pg.Pool;
  let raw: RedisClient;

  beforeAll(async () => {
    ({ t, keys, db } = await app.start());
    raw = testRedis();
  }, 60_000);
  afterAll(async () => {
    raw.disconnect();
    await app.close();
  });

  /** Every column that could hold an identifier, from the catalog rather than from a list. */
  async function searchDatabase(needles: string[], allowed: (table: string, row: Record<string, unknown>) => boolean): Promise<Finding[]> {
    const { rows: columns } = await db.query<{ table_name: string; column_name: string; data_type: string }>(
      `SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
       WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' AND c.table_name <> '_prisma_migrations'
         AND c.data_type IN ('text', 'character varying', 'character', 'uuid', 'bytea', 'json', 'jsonb', 'ARRAY', 'USER-DEFINED')`,
    );
    expect(columns.length).toBeGreaterThan(20);
    const findings: Finding[] = [];
    for (const { table_name: table, column_name: column, data_type: type } of columns) {
      const value = type === 'bytea' ? `encode("${column}", 'escape')` : `"${column}"::text`;
      const { rows } = await db.query<{ row: Record<string, unknown>; hit: string }>(
        `SELECT to_jsonb(x) AS row, n AS hit FROM "${table}" x, unnest($1::text[]) n WHERE position(n IN ${value}) > 0`,
        [needles],
      );
      for (const { row, hit } of rows) if (!allowed(table, row)) findings.push({ where: `${table}.${column}`, found: hit });
    }
    return findings;
  }

  /** Every key under the test prefix (BullMQ's included): names and values of every type. */
  async function searchRedis(needles: string[]): Promise<Finding[]> {
    const prefix = process.env.REDIS_KEY_PREFIX as string;
    const findings: Finding[] = [];
    const check = (where: string, text: string) => {
      for (const n of needles) if (text.includes(n)) findings.push({ where, found: n });
    };
    // BullMQ's keys start with `{<prefix>bull}` on a Cluster (hash-tagged).
    for (const key of [...(await scanKeys(raw, `${prefix}*`)), ...(await scanKeys(raw, `{${prefix}*`))]) {
      check(`key ${key}`, key);
      const type = await raw.type(key);
      const values: string[] = [];
      if (type === 'string') values.push((await raw.getBuffer(key))?.toString('latin1') ?? '');
      else if (type === 'hash') values.push(...Object.entries(await raw.hgetall(key)).flat());
      else if (type === 'set') values.push(...(await raw.smembers(key)));
      else if (type === 'zset') values.push(...(await raw.zrange(key, '0', '-1')));
      else if (type === 'list') values.push(...(await raw.lrange(key, '0', '-1')));
      else if (type === 'stream') for (const [id, fields] of await raw.xrange(key, '-', '+')) values.push(id, ...fields);
      else if (type !== 'none') throw new Error(`key ${key} of type ${type}: teach this test to read it`);
      for (const v of values) check(`${type} ${key}`, v);
    }
    return findings;
  }

  /** Every job of every queue, in every state: id, name, data, result, failure. */
  async function searchQueues(needles: string[]): Promise<Finding[]> {
    const findings: Finding[] = [];
    for (const name of Object.values(QueueName)) {
      const queue = t.app.get<Queue>(getQueueToken(name), { strict: false });
      const jobs = await queue.getJobs(['active', 'waiting', 'waiting-children', 'prioritized', 'delayed', 'completed', 'failed', 'wait']);
      for (const job of jobs) {
        if (!job) continue;
        const text = JSON.stringify([job.id, job.name, job.data, job.returnvalue, job.failedReason, job.stacktrace]);
        for (const n of needles) if (text.includes(n)) findings.push({ where: `job ${name}/${job.id ?? ''}`, found: n });
      }
    }
    return findings;
  }

  it('leaves nothing tied to the shopper in any table, Redis key or job but the proof of the request', async () => {
    const shopper = await apiShopper(t, keys.ingest, [['cmp-tea', 'cmp-coffee'], ['cmp-tea']]);
    const auth = `Bearer ${shopper.token}`;
    const identity = t.app.get(IdentityService);
    const { pseudonym, lookups } = await identity.subjectOf(shopper.customerId);
    if (!pseudonym) throw new Error('the shopper was not created');
    await t.http.put('/v1/me/consents').set('Authorization', auth).send({ personalization: true, push_marketing: true }).expect(200);
    const deviceToken = `fcm:${randomUUID()}`;
    const device = await t.http
      .post('/v1/me/devices')
      .set('Authorization', auth)
      .send({ platform: 'android', token: deviceToken })
      .expect(201);

    // A broadcast offer in the inbox, and a cart-triggered one recorded through the offer-record queue.
    await launchCampaign(t, keys.marketer, campaignBody(keys.supplierId, { audience: { include: [{ skus: ['cmp-tea'] }] } }));
    await launchCampaign(
      t,
      keys.marketer,
      campaignBody(keys.supplierId, { trigger: 'cart', cartSkus: ['cmp-cookies'], audience: { include: [{ skus: ['cmp-tea'] }] } }),
    );
    await t.app.get(CartTriggerIndex).refresh();
    const { socket } = await connectCartWithState<unknown>(t.url, shopper.token);
    const cartOffer = nextEvent<{ deliveryId: string }>(socket, 'offer', 5000);
    await emitAck(socket, 'cart:add', { sku: 'cmp-cookies' });
    const { deliveryId: cartDelivery } = await cartOffer;
    await emitAck(socket, 'reminder:dismiss', { sku: 'cmp-tea' });
    const offers = await waitFor(async () => {
      const list = (await t.http.get('/v1/me/offers').set('Authorization', auth).expect(200)).body.offers as Array<{ deliveryId: string }>;
      return list.length === 2 ? list : undefined;
    });

    // A profile rebuild whose page boundary is this shopper (a run over more than a page of
    // shoppers), and a retention run's note interrupted before its rebuild.
    const below = Number((await db.query('SELECT count(*) AS n FROM shoppers WHERE pseudonym < $1::uuid', [pseudonym])).rows[0].n);
    const fillers = Array.from({ length: 999 - (below % 1000) }, () => `00000000${randomUUID().slice(8)}`);
    await db.query('INSERT INTO shoppers (pseudonym) SELECT unnest($1::uuid[])', [fillers]);
    try {
      const { runId } = (await t.http.post('/v1/profiles/rebuild').set('X-Api-Key', keys.admin).expect(202)).body as { runId: string };
      const rebuilds = t.app.get<Queue>(getQueueToken(QueueName.ProfileRebuild), { strict: false });
      await waitFor(async () => {
        const done = await rebuilds.getJobs(['completed']);
        return done.some((j) => j?.data.runId === runId && (j.returnvalue as { done?: boolean } | null)?.done) ? true : undefined;
      }, 30_000);
    } finally {
      await db.query('DELETE FROM shoppers WHERE pseudonym = ANY($1::uuid[])', [fillers]);
    }
    await db.query('INSERT INTO retention_pending_profiles (pseudonym) VALUES ($1)', [pseudonym]);

    const orderIds = (await db.query<{ order_id: string }>('SELECT order_id FROM orders WHERE pseudonym = $1', [pseudonym])).rows.map(
      (r) => r.order_id,
    );
    const needles = [
      pseudonym,
      shopper.customerId,
      ...lookups,
      ...orderIds,
      ...offers.map((o) => o.deliveryId),
      cartDelivery,
      device.body.id as string,
      deviceToken,
    ];
    // The search finds them before the erasure (it searches where they are).
    const before = [...(await searchDatabase(needles, () => false)), ...(await searchRedis(needles))];
    for (const where of ['orders.pseudonym', 'offer_deliveries.id', 'devices.token', 'identity_index.lookup'])
      expect(before.map((f) => f.where)).toContain(where);
    expect(before.some((f) => f.where.includes(`rl:shopper:${pseudonym}`))).toBe(true);

    const disconnected = new Promise<void>((resolve) => socket.once('disconnect', () => resolve()));
    const requestId = (await t.http.delete('/v1/me').set('Authorization', auth).expect(202)).body.requestId as string;
    await disconnected;
    await waitFor(
      async () =>
        (await db.query('SELECT status, pseudonym FROM erasure_requests WHERE id = $1', [requestId])).rows.find(
          (r: { status: string; pseudonym: string | null }) => r.status === 'done' && r.pseudonym === null,
        ),
      30_000,
    );

    // The proof: the request itself, its audit event, and the suppression of the customer's lookup
    // (what refuses their orders re-sent by a pipeline).
    const proof = (table: string, row: Record<string, unknown>) =>
      (table === 'erasure_requests' && row.id === requestId) ||
      (table === 'suppressed_identities' && lookups.includes(row.lookup as string) && row.reason === 'erasure') ||
      (table === 'privacy_audit' && row.kind === 'erasure' && (row.details as { requestId?: string }).requestId === requestId);
    const findings = [...(await searchDatabase(needles, proof)), ...(await searchRedis(needles)), ...(await searchQueues(needles))];
    expect(findings).toEqual([]);
  }, 90_000);
});
