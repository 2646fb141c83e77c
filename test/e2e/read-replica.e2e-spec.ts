import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { campaignBody } from '../support/campaigns.js';
import { freePort } from '../support/processes.js';
import { testApp } from '../support/fixtures.js';
import { purchase } from '../support/purchases.js';
import { type ReplicaPair, startReplicaPair } from '../support/replica.js';
import { seedShoppers } from '../support/shoppers.js';
import type { RoleKeys } from '../support/staff.js';
import type { TestApp } from '../support/test-app.js';
import { shopperToken } from '../support/tokens.js';

/**
 * DATABASE_READ_URL on a real streaming replica (scripts/start-pg-replica.sh): replay is paused on
 * the replica so that what it answers differs from the primary, which shows who answered.
 */
describe('read replica', () => {
  const app = testApp().withCampaignProducts();
  const replicaDown = testApp();
  let pair: ReplicaPair;
  let t: TestApp;
  let t2: TestApp;
  let keys: RoleKeys;
  const sku = `rr-${randomUUID().slice(0, 8)}`;
  const now = new Date();
  const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 15, 10));
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const window = `from=${day(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)))}&to=${day(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 0)))}`;

  const metric = async (target: TestApp, series: string): Promise<number> => {
    const text = (await target.http.get('/metrics').expect(200)).text;
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line ? Number(line.split(' ')[1]) : 0;
  };
  const reads = (target: TestApp, reader: string, servedBy: string) =>
    metric(target, `panier_db_reads_total{reader="${reader}",served_by="${servedBy}"}`);
  const buyers = async (target: TestApp) => {
    const { body } = await target.http
      .get(`/v1/insights/products?skus=${sku}&groupBy=channel&${window}`)
      .set('X-Api-Key', keys.supplier)
      .expect(200);
    return (body.rows as Array<{ buyers: number }>)[0]?.buyers ?? 0;
  };
  const estimate = async (target: TestApp, campaignId: string) =>
    (await target.http.get(`/v1/campaigns/${campaignId}/audience`).set('X-Api-Key', keys.marketer).expect(200)).body.estimate as number;

  beforeAll(async () => {
    pair = await startReplicaPair();
    const env = { DATABASE_URL: pair.primaryUrl, INSIGHTS_MIN_AUDIENCE: '2' };
    // Long enough that the export below waits for replay to be resumed rather than give up.
    app.withEnv({ ...env, DATABASE_READ_URL: pair.replicaUrl, DATABASE_READ_MAX_WAIT_MS: '60000' });
    ({ t, keys } = await app.start());
    const closedPort = await freePort();
    replicaDown.withEnv({ ...env, DATABASE_READ_URL: `postgresql://postgres@127.0.0.1:${closedPort}/panier_test_absent` });
    ({ t: t2 } = await replicaDown.start());
    await t.http
      .put('/v1/products')
      .set('X-Api-Key', keys.ingest)
      .send([{ sku, name: 'Replica roast', supplierId: keys.supplierId }])
      .expect(200);
  }, 120_000);
  afterAll(async () => {
    await replicaDown.close();
    await app.close();
    await pair?.close();
  });
  afterEach(() => pair.resumeReplay());

  it('reads insights and audience estimates on the replica, which match the primary once it catches up', async () => {
    await seedShoppers(pair.primary, 5, [sku], { at: lastMonth });
    const { body: campaign } = await t.http
      .post('/v1/campaigns')
      .set('X-Api-Key', keys.marketer)
      .send(campaignBody(keys.supplierId, { audience: { include: [{ skus: [sku] }] } }))
      .expect(201);
    await pair.caughtUp();
    expect(await buyers(t)).toBe(5);
    expect(await estimate(t, campaign.id as string)).toBe(5);

    await pair.pauseReplay();
    await seedShoppers(pair.primary, 4, [sku], { at: lastMonth });
    // The replica has not applied them: the figures are those of before, as a lagging replica's are.
    expect(await buyers(t)).toBe(5);
    expect(await estimate(t, campaign.id as string)).toBe(5);

    await pair.resumeReplay();
    await pair.caughtUp();
    expect(await buyers(t)).toBe(9);
    expect(await estimate(t, campaign.id as string)).toBe(9);
    expect(await reads(t, 'insights', 'replica')).toBe(3);
    expect(await reads(t, 'audience', 'replica')).toBe(3);
    expect(await reads(t, 'insights', 'primary')).toBe(0);
  });

  it('exports a purchase recorded just before, waiting for the replica to replay it', async () => {
    const bought = purchase({ items: [{ sku, quantity: 3 }] });
    const token = await shopperToken({ sub: bought.customerId });
    await pair.pauseReplay();
    await t.http.post('/v1/purchases').set('X-Api-Key', keys.ingest).send(bought).expect(201);

    let answered = false;
    const exported = t.http
      .get('/v1/me/data')
      .set('Authorization', `Bearer ${token}`)
      .then((r) => ((answered = true), r));
    // Replay resumes only once the export is seen waiting for it (or has answered without waiting).
    while (!answered && (await metric(t, 'panier_db_replica_catch_up_waits_total')) < 1) await sleep(20);
    await pair.resumeReplay();
    const { status, body } = await exported;
    expect(status).toBe(200);
    expect(body.purchases).toEqual([
      expect.objectContaining({ orderId: bought.orderId, items: [expect.objectContaining({ sku, quantity: 3 })] }),
    ]);
    expect(await reads(t, 'export', 'replica')).toBe(1);
    expect(await reads(t, 'export', 'primary')).toBe(0);
  });

  it('stays ready without its replica, reporting it degraded, and reads the primary meanwhile', async () => {
    const ready = (await t.http.get('/health/ready').expect(200)).body;
    expect(ready).toMatchObject({ status: 'ok', info: { postgres: { status: 'up' }, postgres_replica: { status: 'up' } } });
    expect(ready.degraded).toBeUndefined();
    const degraded = (await t2.http.get('/health/ready').expect(200)).body;
    expect(degraded).toMatchObject({ status: 'ok', degraded: ['postgres_replica'], details: { postgres_replica: { status: 'down' } } });

    await seedShoppers(pair.primary, 2, [sku], { at: lastMonth });
    await pair.caughtUp();
    expect(await buyers(t2)).toBe(await buyers(t));
    expect(await reads(t2, 'insights', 'primary')).toBe(1);
    const bought = purchase({ items: [{ sku, quantity: 1 }] });
    await t2.http.post('/v1/purchases').set('X-Api-Key', keys.ingest).send(bought).expect(201);
    const token = await shopperToken({ sub: bought.customerId });
    const { body } = await t2.http.get('/v1/me/data').set('Authorization', `Bearer ${token}`).expect(200);
    expect(body.purchases).toEqual([expect.objectContaining({ orderId: bought.orderId })]);
    expect(await reads(t2, 'export', 'primary')).toBe(1);
  });
});
