import { randomUUID } from 'node:crypto';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import pg from 'pg';
import { QueueName } from '../../src/infra/queue/queue-names.js';
import { RedisService } from '../../src/infra/redis/redis.service.js';
import { campaignBody, launchCampaign, putFreshSku } from '../support/campaigns.js';
import { emitAck } from '../support/cart-client.js';
import { newCustomerId } from '../support/customers.js';
import { testApp } from '../support/fixtures.js';
import { apiShopper } from '../support/shoppers.js';
import { connectCartWithState } from '../support/sockets.js';
import type { RoleKeys } from '../support/staff.js';
import type { TestApp } from '../support/test-app.js';
import { shopperToken } from '../support/tokens.js';
import { RedisKeys } from '../../src/infra/redis/redis-keys.js';
import { waitFor } from '../support/wait.js';

type ErasureStatus = {
  requestId: string;
  status: string;
  removed: Record<string, number>;
  requestedAt: string;
  completedAt: string | null;
  error: string | null;
};

/** Erasure (DELETE /v1/me, /v1/privacy/erasure) on the real PostgreSQL, Redis, BullMQ and socket.io. */
describe('erasure', () => {
  const app = testApp()
    .withEnv({ CAMPAIGN_SEND_RATE: '0', ERASURE_SECOND_PASS_DELAY_MS: '3000' })
    .withPushCredentials()
    .withRoleKeys()
    .withDatabase()
    .withCampaignProducts();
  let t: TestApp;
  let keys: RoleKeys;
  let db: pg.Pool;
  let redis: RedisService['client'];

  beforeAll(async () => {
    ({ t, keys, db } = await app.start());
    redis = t.app.get(RedisService).client;
  }, 60_000);
  afterAll(() => app.close());

  const status = async (requestId: string) =>
    (await t.http.get(`/v1/privacy/erasure/${requestId}`).set('X-Api-Key', keys.privacy).expect(200)).body as ErasureStatus;
  const done = (requestId: string) =>
    waitFor(async () => {
      const s = await status(requestId);
      return s.status === 'done' || s.status === 'failed' ? s : undefined;
    });
  const rows = async (table: string, pseudonym: string) =>
    Number((await db.query(`SELECT count(*) AS n FROM ${table} WHERE pseudonym = $1`, [pseudonym])).rows[0].n);

  it('erases everything held about a shopper who asks, disconnects their devices, and keeps only the proof', async () => {
    const sku = await putFreshSku(t, keys.ingest, 'e');
    const shopper = await apiShopper(t, keys.ingest, [[sku, 'cmp-tea'], [sku]]);
    const auth = `Bearer ${shopper.token}`;
    await t.http.put('/v1/me/consents').set('Authorization', auth).send({ personalization: false }).expect(200);
    // An offer delivered by a campaign, a live cart with a dismissal, a connected device.
    const campaignId = await launchCampaign(t, keys.marketer, campaignBody(keys.supplierId, { audience: { include: [{ skus: [sku] }] } }));
    await waitFor(async () =>
      (await t.http.get('/v1/me/offers').set('Authorization', auth).expect(200)).body.offers.length === 1 ? true : undefined,
    );
    const campaignStats = async () =>
      (await t.http.get(`/v1/campaigns/${campaignId}/stats`).set('X-Api-Key', keys.marketer).expect(200)).body as Record<string, unknown>;
    const statsBefore = await campaignStats();
    expect(statsBefore).toMatchObject({ audience: 1, queued: 0, delivered: { in_app: 1 }, spentCents: 10 });
    await t.http
      .post('/v1/me/devices')
      .set('Authorization', auth)
      .send({ platform: 'android', token: `fcm:${randomUUID()}` })
      .expect(201);
    const { socket } = await connectCartWithState<unknown>(t.url, shopper.token);
    await emitAck(socket, 'cart:add', { sku: 'cmp-tea', quantity: 2 });
    await emitAck(socket, 'reminder:dismiss', { sku });
    const { pseudonym } = (
      await t.http.post('/v1/privacy/export').set('X-Api-Key', keys.privacy).send({ customerId: shopper.customerId }).expect(200)
    ).body as { pseudonym: string };
    const disconnected = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));

    const accepted = await t.http.delete('/v1/me').set('Authorization', auth).expect(202);
    expect(Object.keys(accepted.body)).toEqual(['requestId']);
    expect(await disconnected).toBe('io server disconnect');
    const result = await done(accepted.body.requestId as string);
    // (An order that was on its way under the old pseudonym, landing after the first pass.)
    await db.query(
      `INSERT INTO orders (order_id, pseudonym, purchased_at, channel, items_hash, unpriced_lines, line_count) VALUES ($1, $2, now(), 'store', 'x', 0, 1)`,
      [`late-${randomUUID()}`, pseudonym],
    );
    expect(result).toMatchObject({ status: 'done', error: null });
    // The campaign's figures (spend, deliveries, audience) are facts about the campaign: they stay.
    expect(await campaignStats()).toEqual(statsBefore);
    expect(result.removed).toEqual({
      identities: 1,
      orders: 2,
      purchaseItems: 3,
      consentDecisions: 2,
      deliveries: 1,
      suppressions: 0,
      campaignAudiences: 1,
      profiles: 1,
      carts: 1,
      devices: 1,
    });

    // The late order goes in the second pass, after which the request no longer holds the pseudonym.
    await waitFor(async () =>
      (await db.query('SELECT pseudonym FROM erasure_requests WHERE id = $1', [accepted.body.requestId])).rows[0].pseudonym === null
        ? true
        : undefined,
    );
    expect((await status(accepted.body.requestId as string)).removed.orders).toBe(3);
    // Nothing left under the pseudonym, in PostgreSQL or Redis.
    for (const table of [
      'devices',
      'shoppers',
      'identity_index',
      'identity_vault',
      'consent_ledger',
      'consent_state',
      'orders',
      'order_lines',
      'offer_deliveries',
      'campaign_audience',
      'campaign_suppressions',
    ]) {
      expect({ table, rows: await rows(table, pseudonym) }).toEqual({ table, rows: 0 });
    }
    const redisKeys = [
      RedisKeys.cart(pseudonym),
      RedisKeys.dismissed(pseudonym),
      RedisKeys.reminded(pseudonym),
      RedisKeys.checkout(pseudonym),
      RedisKeys.presence(pseudonym),
      RedisKeys.profile(pseudonym),
      RedisKeys.profileStamp(pseudonym),
      RedisKeys.consent(pseudonym),
      RedisKeys.offers(pseudonym),
    ];
    expect(await redis.exists(...redisKeys)).toBe(0);

    // The customer id no longer leads anywhere; the request and its audit event remain.
    await t.http.post('/v1/privacy/export').set('X-Api-Key', keys.privacy).send({ customerId: shopper.customerId }).expect(404);
    const kept = await db.query('SELECT pseudonym, requested_by, status FROM erasure_requests WHERE id = $1', [accepted.body.requestId]);
    expect(kept.rows).toEqual([{ pseudonym: null, requested_by: 'shopper', status: 'done' }]);
    const audit = (await t.http.get('/v1/privacy/audit').set('X-Api-Key', keys.privacy).expect(200)).body.events as Array<
      Record<string, unknown>
    >;
    expect(
      audit.find((e) => e.kind === 'erasure' && (e.details as { requestId?: string }).requestId === accepted.body.requestId),
    ).toMatchObject({ pseudonym, actor: 'shopper' });
    // Coming back later is a new shopper: nothing of the old one is found.
    const fresh = (await t.http.get('/v1/me/data').set('Authorization', auth).expect(200)).body as {
      purchases: unknown[];
      consentHistory: unknown[];
    };
    expect(fresh).toMatchObject({ purchases: [], consentHistory: [] });
  });

  const identityCounts = async () =>
    (
      await db.query(
        'SELECT (SELECT count(*) FROM shoppers)::int AS shoppers, (SELECT count(*) FROM identity_index)::int AS identities, (SELECT count(*) FROM erasure_requests)::int AS requests',
      )
    ).rows[0] as Record<string, number>;

  it('answers a DELETE /v1/me repeated after the first pass with the first request, creating nothing; once finished, nothing links the customer id to it', async () => {
    const customerId = newCustomerId();
    const auth = `Bearer ${await shopperToken({ sub: customerId })}`;
    await t.http.put('/v1/me/consents').set('Authorization', auth).send({ targeted_offers: true }).expect(200);
    const first = await t.http.delete('/v1/me').set('Authorization', auth).expect(202);
    const requestId = first.body.requestId as string;
    expect((await done(requestId)).status).toBe('done');
    const before = await identityCounts();
    // After the first pass: the identity is gone, yet the same request answers.
    expect((await t.http.delete('/v1/me').set('Authorization', auth).expect(202)).body).toEqual({ requestId });
    // After the second pass the request holds neither the pseudonym nor the customer id's lookup:
    // a new DELETE is a new request, which removes nothing and creates no shopper.
    await waitFor(async () =>
      (await db.query('SELECT pseudonym FROM erasure_requests WHERE id = $1', [requestId])).rows[0].pseudonym === null ? true : undefined,
    );
    expect((await db.query('SELECT subject_lookup FROM erasure_requests WHERE id = $1', [requestId])).rows[0].subject_lookup).toBeNull();
    const again = (await t.http.delete('/v1/me').set('Authorization', auth).expect(202)).body.requestId as string;
    expect(again).not.toBe(requestId);
    expect(Object.values((await done(again)).removed).every((n) => n === 0)).toBe(true);
    expect(await identityCounts()).toEqual({ ...before, requests: before.requests + 1 });
    await t.http.post('/v1/privacy/export').set('X-Api-Key', keys.privacy).send({ customerId }).expect(404);
    expect((await status(requestId)).removed).toMatchObject({ identities: 1, consentDecisions: 1 });
  }, 30_000);

  it('accepts a DELETE /v1/me of a customer never seen without creating a shopper, and keeps no lookup of the id', async () => {
    const auth = `Bearer ${await shopperToken({ sub: newCustomerId() })}`;
    const before = await identityCounts();
    const first = await t.http.delete('/v1/me').set('Authorization', auth).expect(202);
    const result = await done(first.body.requestId as string);
    expect(result.status).toBe('done');
    expect(Object.values(result.removed).every((n) => n === 0)).toBe(true);
    await waitFor(async () =>
      (await db.query('SELECT subject_lookup FROM erasure_requests WHERE id = $1', [first.body.requestId])).rows[0].subject_lookup === null
        ? true
        : undefined,
    );
    await t.http.delete('/v1/me').set('Authorization', auth).expect(202);
    expect(await identityCounts()).toEqual({ ...before, requests: before.requests + 2 });
  });

  it('accepts an officer request for an unknown customer without creating one, and validates its input', async () => {
    const customerId = newCustomerId();
    const accepted = await t.http.post('/v1/privacy/erasure').set('X-Api-Key', keys.privacy).send({ customerId }).expect(202);
    const result = await done(accepted.body.requestId as string);
    expect(result.status).toBe('done');
    expect(Date.parse(result.completedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(result.requestedAt));
    expect(Object.values(result.removed).every((n) => n === 0)).toBe(true);
    await t.http.post('/v1/privacy/export').set('X-Api-Key', keys.privacy).send({ customerId }).expect(404);

    const requests = async () => Number((await db.query('SELECT count(*) AS n FROM erasure_requests')).rows[0].n);
    const before = await requests();
    const missing = await t.http.post('/v1/privacy/erasure').set('X-Api-Key', keys.privacy).send({}).expect(400);
    expect((missing.body.details as Array<{ field: string }>).map((d) => d.field)).toEqual(expect.arrayContaining(['customerId']));
    await t.http
      .post('/v1/privacy/erasure')
      .set('X-Api-Key', keys.privacy)
      .send({ customerId: 'x'.repeat(129) })
      .expect(400);
    expect(await requests()).toBe(before);
    await t.http.get('/v1/privacy/erasure/not-a-uuid').set('X-Api-Key', keys.privacy).expect(400);
    await t.http.get(`/v1/privacy/erasure/${randomUUID()}`).set('X-Api-Key', keys.privacy).expect(404);
    // Only privacy officers follow erasure requests.
    await t.http
      .get(`/v1/privacy/erasure/${accepted.body.requestId as string}`)
      .set('X-Api-Key', keys.marketer)
      .expect(403);
  });

  it('erases a customer on an officer request, whose actor is in the audit trail', async () => {
    const customerId = newCustomerId();
    const token = await shopperToken({ sub: customerId });
    await t.http.put('/v1/me/consents').set('Authorization', `Bearer ${token}`).send({ targeted_offers: true }).expect(200);
    const accepted = await t.http.post('/v1/privacy/erasure').set('X-Api-Key', keys.privacy).send({ customerId }).expect(202);
    const result = await done(accepted.body.requestId as string);
    expect(result.removed).toMatchObject({ identities: 1, consentDecisions: 1, orders: 0 });
    const audit = (await t.http.get('/v1/privacy/audit').set('X-Api-Key', keys.privacy).expect(200)).body.events as Array<{
      kind: string;
      actor: string;
      details: { requestId?: string };
    }>;
    expect(audit.find((e) => e.kind === 'erasure' && e.details.requestId === accepted.body.requestId)?.actor).toMatch(/^key:/);
  });

  it('lists erasure requests newest first, page by page, never whom they are about', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const accepted = await t.http
        .post('/v1/privacy/erasure')
        .set('X-Api-Key', keys.privacy)
        .send({ customerId: newCustomerId() })
        .expect(202);
      ids.push(accepted.body.requestId as string);
    }
    const first = await t.http.get('/v1/privacy/erasure?limit=2').set('X-Api-Key', keys.privacy).expect(200);
    expect(first.body.requests.map((r: { requestId: string }) => r.requestId)).toEqual([ids[2], ids[1]]);
    expect(Object.keys(first.body.requests[0]).sort()).toEqual(['completedAt', 'error', 'removed', 'requestId', 'requestedAt', 'status']);
    const second = await t.http
      .get(`/v1/privacy/erasure?limit=2&cursor=${first.body.nextCursor as string}`)
      .set('X-Api-Key', keys.privacy)
      .expect(200);
    expect(second.body.requests[0].requestId).toBe(ids[0]);
    await t.http.get('/v1/privacy/erasure?cursor=nope').set('X-Api-Key', keys.privacy).expect(400);
    await t.http.get('/v1/privacy/erasure').set('X-Api-Key', keys.marketer).expect(403);
  });

  it('removes the finished offer-record jobs that name the erased shopper, and only theirs', async () => {
    const queue = t.app.get<Queue>(getQueueToken(QueueName.OfferRecord), { strict: false });
    const shopperOf = async () => {
      const customerId = newCustomerId();
      await t.http
        .put('/v1/me/consents')
        .set('Authorization', `Bearer ${await shopperToken({ sub: customerId })}`)
        .send({ targeted_offers: true })
        .expect(200);
      const { pseudonym } = (await t.http.post('/v1/privacy/export').set('X-Api-Key', keys.privacy).send({ customerId }).expect(200))
        .body as { pseudonym: string };
      return { customerId, pseudonym };
    };
    const [erased, other] = [await shopperOf(), await shopperOf()];
    // A recording that failed for good (a malformed delivery id) and one completed while BullMQ still
    // kept completed jobs: both hold the pseudonym in their data.
    const finished = async (pseudonym: string, outcome: 'failed' | 'completed') => {
      const at = new Date().toISOString();
      const delivery = {
        id: outcome === 'failed' ? 'not-a-uuid' : randomUUID(),
        channel: 'in_app',
        pushStatus: null,
        costCents: 1,
        expiresAt: at,
      };
      const job = await queue.add(
        'OfferRecord',
        { campaignId: randomUUID(), pseudonym, at, delivery },
        { jobId: `test-offer-${randomUUID()}`, attempts: 1, removeOnComplete: false },
      );
      await waitFor(async () => ((await job.getState()) === outcome ? true : undefined));
      return job.id as string;
    };
    const mine = [await finished(erased.pseudonym, 'failed'), await finished(erased.pseudonym, 'completed')];
    const theirs = await finished(other.pseudonym, 'failed');

    const accepted = await t.http
      .post('/v1/privacy/erasure')
      .set('X-Api-Key', keys.privacy)
      .send({ customerId: erased.customerId })
      .expect(202);
    expect((await done(accepted.body.requestId as string)).status).toBe('done');
    for (const id of mine) expect(await queue.getJob(id)).toBeUndefined();
    expect(await (await queue.getJob(theirs))?.getState()).toBe('failed');
    await queue.remove(theirs);
  }, 30_000);
});
