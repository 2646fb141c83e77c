import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { RedisService } from '../../src/infra/redis/redis.service.js';
import type { CampaignStatsResponseDto } from '../../src/modules/campaigns/dto/campaign-response.dto.js';
import { campaignBody, launchCampaign, putFreshSku } from '../support/campaigns.js';
import { socketsClosedAfterEach, testApp } from '../support/fixtures.js';
import { apiShopper, seedShoppers } from '../support/shoppers.js';
import { connectCartWithState, nextEvent } from '../support/sockets.js';
import type { RoleKeys } from '../support/staff.js';
import type { TestApp } from '../support/test-app.js';
import { waitFor } from '../support/wait.js';

describe('campaign delivery: offer event, inbox, holdout, budget, cap, quiet hours, stats', () => {
  const app = testApp()
    .withEnv({ CAMPAIGN_SEND_RATE: '0', CAMPAIGN_CHUNK_SIZE: '50' })
    .withRoleKeys()
    .withDatabase()
    .withCampaignProducts();
  let t: TestApp;
  let keys: RoleKeys;
  let db: pg.Pool;
  const open = socketsClosedAfterEach();

  beforeAll(async () => {
    ({ t, keys, db } = await app.start());
  }, 60_000);
  afterAll(() => app.close());

  /** A product only this test's shoppers bought, so audiences do not overlap between tests. */
  const freshSku = () => putFreshSku(t, keys.ingest, 'd');
  const launch = (over: Record<string, unknown>) => launchCampaign(t, keys.marketer, campaignBody(keys.supplierId, over));
  const stats = async (id: string) =>
    (await t.http.get(`/v1/campaigns/${id}/stats`).set('X-Api-Key', keys.marketer).expect(200)).body as CampaignStatsResponseDto;
  const dispatched = (id: string) => waitFor(async () => ((await stats(id)).dispatchCompletedAt ? stats(id) : undefined));
  const offersOf = async (token: string) =>
    (await t.http.get('/v1/me/offers').set('Authorization', `Bearer ${token}`).expect(200)).body.offers as Array<Record<string, unknown>>;

  it('sends the offer event to the connected shopper and keeps it in the inbox', async () => {
    const sku = await freshSku();
    const shopper = await apiShopper(t, keys.ingest, [[sku]]);
    const { socket } = await connectCartWithState(t.url, shopper.token);
    open.push(socket);
    const event = nextEvent<Record<string, unknown>>(socket, 'offer', 10_000);
    const id = await launch({ audience: { include: [{ skus: [sku] }] } });
    const offer = await event;
    expect(Object.keys(offer).sort()).toEqual([
      'body',
      'campaignId',
      'deliveredAt',
      'deliveryId',
      'discount',
      'expiresAt',
      'skus',
      'supplier',
      'title',
    ]);
    expect(offer).toMatchObject({
      campaignId: id,
      supplier: { id: keys.supplierId, name: 'Test Brand' },
      title: '20% off our roast',
      skus: ['cmp-coffee'],
      discount: { type: 'percent', value: 20 },
    });
    expect(Date.parse(offer.expiresAt as string) - Date.parse(offer.deliveredAt as string)).toBe(7 * 86_400_000);
    expect(await offersOf(shopper.token)).toEqual([offer]);
    const data = await t.http.get('/v1/me/data').set('Authorization', `Bearer ${shopper.token}`).expect(200);
    expect(data.body.deliveries).toEqual([
      {
        deliveryId: offer.deliveryId,
        campaignId: id,
        channel: 'in_app',
        deliveredAt: offer.deliveredAt,
        pushStatus: null,
        consentProof: { ledgerPosition: 1, purposes: ['targeted_offers'] },
      },
    ]);
    await t.http
      .post(`/v1/me/offers/${offer.deliveryId as string}/seen`)
      .set('Authorization', `Bearer ${shopper.token}`)
      .expect(204);
    await t.http.post(`/v1/me/offers/${randomUUID()}/seen`).set('Authorization', `Bearer ${shopper.token}`).expect(404);
    // A later withdrawal stops new offers but does not hide this one.
    await t.http.put('/v1/me/consents').set('Authorization', `Bearer ${shopper.token}`).send({ targeted_offers: false }).expect(200);
    expect(await offersOf(shopper.token)).toHaveLength(1);
    expect(await stats(id)).toMatchObject({ audience: 1, delivered: { in_app: 1, push: 0 }, seen: 1, spentCents: 10, queued: 0 });
    await t.http
      .post(`/v1/me/offers/${offer.deliveryId as string}/dismiss`)
      .set('Authorization', `Bearer ${shopper.token}`)
      .expect(204);
    expect(await offersOf(shopper.token)).toEqual([]);
  });

  it('gives the holdout nothing and measures both groups by intention to treat', async () => {
    const sku = await freshSku();
    const shoppers = await Promise.all(Array.from({ length: 16 }, () => apiShopper(t, keys.ingest, [[sku]])));
    const id = await launch({ audience: { include: [{ skus: [sku] }] }, holdoutPercent: 50 });
    const done = await dispatched(id);
    const inboxes = await Promise.all(shoppers.map((s) => offersOf(s.token)));
    const treated = shoppers.filter((_, i) => inboxes[i].length === 1);
    const held = shoppers.filter((_, i) => inboxes[i].length === 0);
    expect(treated.length).toBe(done.audience - done.holdout);
    expect(held.length).toBe(done.holdout);
    expect(held.length).toBeGreaterThan(0);
    expect(treated.length).toBeGreaterThan(0);
    const buy = (customerId: string, skus: string[], purchasedAt = new Date()) =>
      t.http
        .post('/v1/purchases')
        .set('X-Api-Key', keys.ingest)
        .send({
          customerId,
          orderId: `ord-${randomUUID()}`,
          purchasedAt: purchasedAt.toISOString(),
          channel: 'online',
          items: skus.map((s) => ({ sku: s, quantity: 1 })),
        })
        .expect(201);
    await buy(treated[0].customerId, ['cmp-coffee', 'cmp-tea']);
    await buy(held[0].customerId, ['cmp-coffee']);
    await buy(held[0].customerId, ['cmp-coffee']);
    if (treated[1]) await buy(treated[1].customerId, ['cmp-coffee'], new Date(Date.now() - 86_400_000)); // before launch: no conversion
    if (held[1]) await buy(held[1].customerId, ['cmp-tea']); // not an offered sku
    const after = await stats(id);
    expect(after.converted).toBe(1);
    expect(after.conversion.treatment).toBeCloseTo(1 / treated.length, 5);
    expect(after.conversion.holdout).toBeCloseTo(1 / held.length, 5);
    expect(after.uplift.absolute).toBeCloseTo(1 / treated.length - 1 / held.length, 5);
    expect(after.delivered.in_app).toBe(treated.length);
  });

  it('stops at the budget and never overspends', async () => {
    const sku = await freshSku();
    await seedShoppers(db, 120, [sku]);
    const id = await launch({ audience: { include: [{ skus: [sku] }] }, budget: { totalCents: 250, costPerDeliveryCents: 10 } });
    const done = await dispatched(id);
    expect(done).toMatchObject({ audience: 120, delivered: { in_app: 25 }, spentCents: 250, suppressed: { budget: 95 }, queued: 0 });
    const redis = t.app.get(RedisService).client;
    expect(await redis.hget(`campaign:{${id}}`, 'spent')).toBe('250');
    const status = await t.http.get(`/v1/campaigns/${id}`).set('X-Api-Key', keys.marketer).expect(200);
    expect(status.body.status).toBe('completed');
  });

  it('caps offers per shopper across campaigns', async () => {
    const sku = await freshSku();
    await seedShoppers(db, 60, [sku]);
    const audience = { include: [{ skus: [sku] }] };
    const first = await dispatched(await launch({ audience }));
    expect(first.delivered.in_app).toBe(60);
    const capped = await dispatched(await launch({ audience, frequencyCap: { max: 1, perHours: 24 } }));
    expect(capped).toMatchObject({ delivered: { in_app: 0 }, suppressed: { frequencyCap: 60 }, spentCents: 0 });
    const roomy = await dispatched(await launch({ audience, frequencyCap: { max: 2, perHours: 24 } }));
    expect(roomy.delivered.in_app).toBe(60);
  });

  it('waits out quiet hours for broadcasts', async () => {
    const sku = await freshSku();
    await seedShoppers(db, 30, [sku]);
    const hhmm = (d: Date) => d.toISOString().slice(11, 16);
    const quietHours = { start: hhmm(new Date(Date.now() - 3_600_000)), end: hhmm(new Date(Date.now() + 3_600_000)), timezone: 'UTC' };
    const id = await launch({ audience: { include: [{ skus: [sku] }] }, quietHours });
    const deferred = await waitFor(async () => {
      const s = await stats(id);
      return s.deferredQuietHours === 30 ? s : undefined;
    });
    expect(deferred).toMatchObject({ queued: 30, delivered: { in_app: 0 }, dispatchCompletedAt: null });
    const { rows } = await db.query('SELECT count(*)::int AS n FROM offer_deliveries WHERE campaign_id = $1', [id]);
    expect(rows[0].n).toBe(0);
  });

  it('leaves out shoppers without the purposes a push-only campaign needs', async () => {
    const sku = await freshSku();
    await seedShoppers(db, 5, [sku]);
    const { body } = await t.http
      .post('/v1/campaigns')
      .set('X-Api-Key', keys.marketer)
      .send(campaignBody(keys.supplierId, { audience: { include: [{ skus: [sku] }] }, channels: ['push'] }))
      .expect(201);
    const estimate = await t.http.get(`/v1/campaigns/${body.id}/audience`).set('X-Api-Key', keys.marketer).expect(200);
    expect(estimate.body.estimate).toBe(0);
  });
});
