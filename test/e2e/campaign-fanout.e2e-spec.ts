import { randomUUID } from 'node:crypto';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import pg from 'pg';
import { QueueName } from '../../src/infra/queue/queue-names.js';
import { RedisService } from '../../src/infra/redis/redis.service.js';
import { campaignBody, campaignBodyOffering, putFreshSku } from '../support/campaigns.js';
import { sleep } from '../support/cart-client.js';
import { testApp } from '../support/fixtures.js';
import { apiShopper, seedShoppers } from '../support/shoppers.js';
import type { RoleKeys } from '../support/staff.js';
import type { TestApp } from '../support/test-app.js';
import { waitFor } from '../support/wait.js';

/** A paced fan-out (2,000 sends/s in chunks of 50) long enough to act on while it runs. */
describe('campaign fan-out under changes: pause, resume, consent withdrawal', () => {
  const app = testApp()
    .withEnv({ CAMPAIGN_SEND_RATE: '2000', CAMPAIGN_CHUNK_SIZE: '50', CAMPAIGN_WORKER_CONCURRENCY: '2' })
    .withRoleKeys()
    .withDatabase()
    .withCampaignProducts();
  let t: TestApp;
  let keys: RoleKeys;
  let db: pg.Pool;

  beforeAll(async () => {
    ({ t, keys, db } = await app.start());
  }, 60_000);
  afterAll(() => app.close());

  const freshSku = () => putFreshSku(t, keys.ingest, 'f');
  const act = (id: string, action: string) => t.http.post(`/v1/campaigns/${id}/${action}`).set('X-Api-Key', keys.marketer).expect(200);
  const stats = async (id: string) => (await t.http.get(`/v1/campaigns/${id}/stats`).set('X-Api-Key', keys.marketer).expect(200)).body;
  const deliveries = async (id: string) =>
    (
      await db.query<{ n: number; last: Date | null; dupes: number }>(
        `SELECT count(*)::int AS n, max(delivered_at) AS last, (count(*) - count(DISTINCT pseudonym))::int AS dupes FROM offer_deliveries WHERE campaign_id = $1`,
        [id],
      )
    ).rows[0];

  it('stops sending when paused and finishes the rest, once each, when resumed', async () => {
    const sku = await freshSku();
    await seedShoppers(db, 3000, [sku]);
    const { body } = await t.http
      .post('/v1/campaigns')
      .set('X-Api-Key', keys.marketer)
      .send(campaignBody(keys.supplierId, { audience: { include: [{ skus: [sku] }] } }))
      .expect(201);
    await act(body.id, 'launch');
    await waitFor(async () => (await deliveries(body.id)).n > 0, 10_000, 20);
    await act(body.id, 'pause');
    const pausedAt = Date.now();
    await sleep(500);
    const settled = await deliveries(body.id);
    await sleep(1500);
    const later = await deliveries(body.id);
    expect(later.n).toBe(settled.n);
    expect(later.n).toBeLessThan(3000);
    expect(later.last?.getTime()).toBeLessThanOrEqual(pausedAt);
    expect((await stats(body.id)).queued).toBe(3000 - later.n);
    await act(body.id, 'resume');
    await waitFor(async () => (await stats(body.id)).dispatchCompletedAt, 20_000).catch(async (error: unknown) => {
      const queue = t.app.get<Queue>(getQueueToken(QueueName.CampaignDispatch), { strict: false });
      console.error(
        JSON.stringify({
          stats: await stats(body.id),
          jobs: await queue.getJobCounts(),
          pending: await t.app.get(RedisService).client.smembers(`campaign:{${body.id}}:chunks`),
        }),
      );
      throw error;
    });
    const done = await deliveries(body.id);
    expect(done).toMatchObject({ n: 3000, dupes: 0 });
    expect(await stats(body.id)).toMatchObject({ audience: 3000, delivered: { in_app: 3000 }, queued: 0, spentCents: 30_000 });
  }, 60_000);

  it('pauses a broadcast whose offered product is deactivated mid fan-out, and resumes it only once it is active again', async () => {
    const sku = await freshSku();
    const offered = `o-${randomUUID().slice(0, 8)}`;
    const putOffered = (active: boolean) =>
      t.http
        .put('/v1/products')
        .set('X-Api-Key', keys.ingest)
        .send([{ sku: offered, name: 'Offered', supplierId: keys.supplierId, active }])
        .expect(200);
    await putOffered(true);
    await seedShoppers(db, 3000, [sku]);
    const { body } = await t.http
      .post('/v1/campaigns')
      .set('X-Api-Key', keys.marketer)
      .send(campaignBodyOffering(keys.supplierId, [offered], { audience: { include: [{ skus: [sku] }] } }))
      .expect(201);
    await act(body.id, 'launch');
    await waitFor(async () => (await deliveries(body.id)).n > 0, 10_000, 20);
    await putOffered(false);
    const status = async () =>
      (await t.http.get(`/v1/campaigns/${body.id}`).set('X-Api-Key', keys.marketer).expect(200)).body.status as string;
    await waitFor(async () => ((await status()) === 'paused' ? true : undefined), 10_000, 20);
    const settled = await deliveries(body.id);
    await sleep(1000);
    expect((await deliveries(body.id)).n).toBe(settled.n);
    expect(settled.n).toBeLessThan(3000);
    // Not while the product is inactive; once it is active again, the rest, once each.
    const refused = await t.http.post(`/v1/campaigns/${body.id}/resume`).set('X-Api-Key', keys.marketer).expect(409);
    expect(refused.body).toMatchObject({ code: 'CONFLICT' });
    expect(refused.body.message).toContain(offered);
    await putOffered(true);
    await act(body.id, 'resume');
    await waitFor(async () => (await stats(body.id)).dispatchCompletedAt, 20_000);
    expect(await deliveries(body.id)).toMatchObject({ n: 3000, dupes: 0 });
  }, 60_000);

  it('decides nothing for a shopper once their withdrawal has returned, even mid fan-out', async () => {
    const sku = await freshSku();
    await seedShoppers(db, 3000, [sku]);
    const watched = await Promise.all(Array.from({ length: 20 }, () => apiShopper(t, keys.ingest, [[sku]])));
    const { body } = await t.http
      .post('/v1/campaigns')
      .set('X-Api-Key', keys.marketer)
      .send(campaignBody(keys.supplierId, { audience: { include: [{ skus: [sku] }] } }))
      .expect(201);
    await act(body.id, 'launch');
    const withdrawnAt = await Promise.all(
      watched.map(async (s) => {
        await t.http.put('/v1/me/consents').set('Authorization', `Bearer ${s.token}`).send({ targeted_offers: false }).expect(200);
        return Date.now();
      }),
    );
    const done = await waitFor(async () => {
      const s = await stats(body.id);
      return s.dispatchCompletedAt ? s : undefined;
    }, 30_000);
    let suppressed = 0;
    for (const [i, s] of watched.entries()) {
      const data = await t.http.get('/v1/me/data').set('Authorization', `Bearer ${s.token}`).expect(200);
      const mine = (data.body.deliveries as Array<{ campaignId: string; deliveredAt: string }>).filter((d) => d.campaignId === body.id);
      if (mine.length === 0) suppressed++;
      for (const d of mine) expect(Date.parse(d.deliveredAt)).toBeLessThan(withdrawnAt[i]);
    }
    expect(done.suppressed.noConsent).toBe(suppressed);
    expect(suppressed).toBeGreaterThanOrEqual(5);
    expect(done.delivered.in_app + done.suppressed.noConsent).toBe(3020);
  }, 60_000);
});
