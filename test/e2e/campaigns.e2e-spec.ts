import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { CampaignFanOutProcessor } from '../../src/modules/campaigns/campaign-fan-out.processor.js';
import { campaignBody, putFreshSku } from '../support/campaigns.js';
import { testApp } from '../support/fixtures.js';
import { apiShopper, seedShoppers } from '../support/shoppers.js';
import type { RoleKeys } from '../support/staff.js';
import type { TestApp } from '../support/test-app.js';
import { shopperToken } from '../support/tokens.js';
import { waitFor } from '../support/wait.js';

describe('campaigns: drafts, validation, lifecycle and audience', () => {
  const app = testApp()
    .withEnv({ CAMPAIGN_SEND_RATE: '0', CAMPAIGN_CHUNK_SIZE: '50' })
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

  const create = (body: Record<string, unknown>, key = keys.marketer) => t.http.post('/v1/campaigns').set('X-Api-Key', key).send(body);
  const act = (id: string, action: string) => t.http.post(`/v1/campaigns/${id}/${action}`).set('X-Api-Key', keys.marketer);

  it('creates a draft answering the body with id, status and createdAt', async () => {
    const body = campaignBody(keys.supplierId, {
      holdoutPercent: 10,
      frequencyCap: { max: 2, perHours: 24 },
      quietHours: { start: '21:00', end: '08:00', timezone: 'Europe/Paris' },
    });
    const res = await create(body).expect(201);
    expect(res.body).toMatchObject({
      ...body,
      audience: { include: (body.audience as { include: unknown }).include, exclude: [] },
      status: 'draft',
    });
    expect(res.body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(res.body.createdAt)).not.toBeNaN();
    const got = await t.http.get(`/v1/campaigns/${res.body.id}`).set('X-Api-Key', keys.admin).expect(200);
    expect(got.body).toEqual(res.body);
    const list = await t.http.get('/v1/campaigns?limit=1').set('X-Api-Key', keys.marketer).expect(200);
    expect(list.body.campaigns[0].id).toBe(res.body.id);
    expect(list.body).toHaveProperty('nextCursor');
  });

  it('answers the effective value of every field left to its default, on create, get, list and patch', async () => {
    const body = campaignBody(keys.supplierId, { audience: { include: [{ categories: ['cmp-hot-drinks'], withinDays: 90 }] } });
    const res = await create(body).expect(201);
    const effective = {
      holdoutPercent: 0,
      frequencyCap: null,
      quietHours: null,
      cartSkus: [],
      cartCategories: [],
      audience: { include: [{ categories: ['cmp-hot-drinks'], withinDays: 90, minPurchases: 1 }], exclude: [] },
    };
    expect(res.body).toMatchObject(effective);
    const got = await t.http.get(`/v1/campaigns/${res.body.id}`).set('X-Api-Key', keys.marketer).expect(200);
    expect(got.body).toEqual(res.body);
    const listed = await t.http.get('/v1/campaigns?limit=1').set('X-Api-Key', keys.marketer).expect(200);
    expect(listed.body.campaigns[0]).toEqual(res.body);
    // PATCH with null removes an optional field: it shows as null again.
    const capped = await t.http
      .patch(`/v1/campaigns/${res.body.id}`)
      .set('X-Api-Key', keys.marketer)
      .send({ frequencyCap: { max: 1, perHours: 24 } })
      .expect(200);
    expect(capped.body.frequencyCap).toEqual({ max: 1, perHours: 24 });
    const uncapped = await t.http
      .patch(`/v1/campaigns/${res.body.id}`)
      .set('X-Api-Key', keys.marketer)
      .send({ frequencyCap: null })
      .expect(200);
    expect(uncapped.body.frequencyCap).toBeNull();
  });

  it.each([
    ['endsAt', { startsAt: '2026-12-10T00:00:00Z', endsAt: '2026-12-01T00:00:00Z' }],
    ['holdoutPercent', { holdoutPercent: 60 }],
    ['budget.totalCents', { budget: { totalCents: 10.5, costPerDeliveryCents: 1 } }],
    ['budget.costPerDeliveryCents', { budget: { totalCents: 100, costPerDeliveryCents: 0 } }],
    ['quietHours.start', { quietHours: { start: '25:00', end: '08:00', timezone: 'Europe/Paris' } }],
    ['quietHours.timezone', { quietHours: { start: '21:00', end: '08:00', timezone: 'Europe/Atlantis' } }],
    ['offer.skus.0', { offer: { title: 't', body: 'b', skus: ['no-such-sku'], discount: { type: 'amount', value: 50 }, validDays: 3 } }],
    ['offer.skus.0', { offer: { title: 't', body: 'b', skus: ['cmp-old'], discount: { type: 'amount', value: 50 }, validDays: 3 } }],
    ['supplierId', { supplierId: randomUUID() }],
    ['audience.include', { audience: { include: [] } }],
    ['cartSkus', { trigger: 'cart' }],
    ['channels', { channels: ['sms'] }],
    ['startsAt', { startsAt: 'tomorrow' }],
  ])('refuses a campaign whose %s is bad, storing nothing', async (field, over) => {
    const name = `bad-${randomUUID()}`;
    const res = await create(campaignBody(keys.supplierId, { ...over, name })).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    const { rowCount } = await db.query('SELECT 1 FROM campaigns WHERE name = $1', [name]);
    expect(rowCount).toBe(0);
  });

  it("refuses a campaign offering another supplier's product, created or edited", async () => {
    const other = await t.http.post('/v1/suppliers').set('X-Api-Key', keys.admin).send({ name: 'Rival Brand' }).expect(201);
    const theirs = `rival-${randomUUID().slice(0, 8)}`;
    await t.http
      .put('/v1/products')
      .set('X-Api-Key', keys.ingest)
      .send([{ sku: theirs, name: "Rival's roast", supplierId: other.body.id }])
      .expect(200);
    const name = `poach-${randomUUID()}`;
    const offering = (skus: string[]) => ({
      title: 't',
      body: 'b',
      skus,
      discount: { type: 'percent', value: 10 },
      validDays: 3,
    });
    const res = await create(campaignBody(keys.supplierId, { name, offer: offering(['cmp-coffee', theirs]) })).expect(400);
    expect(res.body.details).toEqual([{ field: 'offer.skus.1', message: "another supplier's product cannot be offered" }]);
    expect((await db.query('SELECT 1 FROM campaigns WHERE name = $1', [name])).rowCount).toBe(0);
    // Nor by an edit of a draft; the funding supplier's own product and nobody's are fine.
    const { body } = await create(campaignBody(keys.supplierId, { offer: offering(['cmp-coffee', 'cmp-tea']) })).expect(201);
    const edit = await t.http
      .patch(`/v1/campaigns/${body.id}`)
      .set('X-Api-Key', keys.marketer)
      .send({ offer: offering([theirs]) })
      .expect(400);
    expect(edit.body.details).toEqual([{ field: 'offer.skus.0', message: "another supplier's product cannot be offered" }]);
    // The rival may offer it.
    await create(campaignBody(other.body.id as string, { offer: offering([theirs]) })).expect(201);
  });

  it('is for marketers and admins only', async () => {
    await create(campaignBody(keys.supplierId), keys.ingest).expect(403);
    await create(campaignBody(keys.supplierId), keys.supplier).expect(403);
    await t.http
      .get('/v1/campaigns')
      .set('Authorization', `Bearer ${await shopperToken()}`)
      .expect(401);
    await t.http.get(`/v1/campaigns/${randomUUID()}`).set('X-Api-Key', keys.marketer).expect(404);
    await t.http.get('/v1/campaigns/not-a-uuid').set('X-Api-Key', keys.marketer).expect(400);
  });

  it('edits a draft, revalidating the whole, and refuses edits once launched', async () => {
    const { body } = await create(campaignBody(keys.supplierId)).expect(201);
    const edited = await t.http
      .patch(`/v1/campaigns/${body.id}`)
      .set('X-Api-Key', keys.marketer)
      .send({ name: 'Renamed', holdoutPercent: 20 })
      .expect(200);
    expect(edited.body).toMatchObject({ name: 'Renamed', holdoutPercent: 20, status: 'draft', offer: body.offer });
    await t.http.patch(`/v1/campaigns/${body.id}`).set('X-Api-Key', keys.marketer).send({ name: null }).expect(400);
    await t.http.patch(`/v1/campaigns/${body.id}`).set('X-Api-Key', keys.marketer).send({ holdoutPercent: 51 }).expect(400);
    await act(body.id, 'launch').expect(200);
    const refused = await t.http.patch(`/v1/campaigns/${body.id}`).set('X-Api-Key', keys.marketer).send({ name: 'Late' }).expect(409);
    expect(refused.body.code).toBe('CONFLICT');
  });

  it('moves only through legal transitions', async () => {
    // One shopper, and quiet hours all day long: the campaign stays running while the test acts on it.
    const sku = await putFreshSku(t, keys.ingest, 'lc');
    await seedShoppers(db, 1, [sku]);
    const quietHours = { start: '00:00', end: '23:59', timezone: 'UTC' };
    const { body } = await create(campaignBody(keys.supplierId, { audience: { include: [{ skus: [sku] }] }, quietHours })).expect(201);
    await act(body.id, 'pause').expect(409);
    await act(body.id, 'resume').expect(409);
    expect((await act(body.id, 'launch').expect(200)).body.status).toBe('running');
    await act(body.id, 'launch').expect(409);
    expect((await act(body.id, 'pause').expect(200)).body.status).toBe('paused');
    await act(body.id, 'pause').expect(409);
    expect((await act(body.id, 'resume').expect(200)).body.status).toBe('running');
    expect((await act(body.id, 'cancel').expect(200)).body.status).toBe('cancelled');
    for (const action of ['launch', 'pause', 'resume', 'cancel']) await act(body.id, action).expect(409);
  });

  it('completes a broadcast with nobody to send to at launch', async () => {
    const { body } = await create(campaignBody(keys.supplierId, { audience: { include: [{ skus: ['cmp-old'] }] } })).expect(201);
    const launched = await act(body.id, 'launch').expect(200);
    expect(launched.body).toMatchObject({ status: 'completed' });
    expect(launched.body.dispatchCompletedAt).not.toBeNull();
  });

  it('schedules a campaign that starts later', async () => {
    const { body } = await create(campaignBody(keys.supplierId, { startsAt: new Date(Date.now() + 3_600_000).toISOString() })).expect(201);
    expect((await act(body.id, 'launch').expect(200)).body.status).toBe('scheduled');
    expect((await act(body.id, 'pause').expect(200)).body.status).toBe('paused');
    expect((await act(body.id, 'resume').expect(200)).body.status).toBe('scheduled');
  });

  it('launches again a campaign whose launch request died between its status change and its job', async () => {
    const sku = await putFreshSku(t, keys.ingest, 'lost');
    await seedShoppers(db, 5, [sku]);
    const { body } = await create(campaignBody(keys.supplierId, { audience: { include: [{ skus: [sku] }] } })).expect(201);
    // What a launch request killed after its commit and before its enqueue leaves behind.
    await db.query(`UPDATE campaigns SET status = 'running', launched_at = now() WHERE id = $1`, [body.id]);
    const workers = t.app.get(CampaignFanOutProcessor);
    expect(await workers.recoverLaunches()).toContain(body.id);
    const fixed = await waitFor(async () => {
      const res = await t.http.get(`/v1/campaigns/${body.id}`).set('X-Api-Key', keys.marketer).expect(200);
      return (res.body.audienceFixedAt as string | null) ?? undefined;
    });
    expect(Date.parse(fixed)).not.toBeNaN();
    expect(await workers.recoverLaunches()).not.toContain(body.id);
  });

  it('estimates the audience from include and exclude rules, leaving out shoppers without consent', async () => {
    const sku = `aud-${randomUUID().slice(0, 8)}`;
    const other = `aud-x-${randomUUID().slice(0, 8)}`;
    const brand = `brand-${randomUUID().slice(0, 8)}`;
    const category = `aisle-${randomUUID().slice(0, 8)}`;
    await t.http
      .put('/v1/products')
      .set('X-Api-Key', keys.ingest)
      .send([
        { sku, name: 'A', brand },
        { sku: other, name: 'B', category },
      ])
      .expect(200);
    await seedShoppers(db, 7, [sku]);
    await seedShoppers(db, 3, [sku, other]);
    await seedShoppers(db, 4, [sku], { consent: false });
    await apiShopper(t, keys.ingest, [[sku], [sku]]);
    await apiShopper(t, keys.ingest, [[sku]], { targeted_offers: false });
    const estimate = async (audience: object) => {
      const { body } = await create(campaignBody(keys.supplierId, { audience })).expect(201);
      return (await t.http.get(`/v1/campaigns/${body.id}/audience`).set('X-Api-Key', keys.marketer).expect(200)).body.estimate as number;
    };
    expect(await estimate({ include: [{ skus: [sku] }] })).toBe(11);
    expect(await estimate({ include: [{ skus: [sku] }], exclude: [{ skus: [other] }] })).toBe(8);
    expect(await estimate({ include: [{ skus: [sku] }, { skus: [other] }] })).toBe(3);
    expect(await estimate({ include: [{ brands: [brand] }], exclude: [{ categories: [category] }] })).toBe(8);
    expect(await estimate({ include: [{ categories: [category], brands: ['no-such-brand'] }] })).toBe(3);
    expect(await estimate({ include: [{ skus: [sku], minPurchases: 2 }] })).toBe(1);
    expect(await estimate({ include: [{ skus: [sku], withinDays: 1 }] })).toBe(0);
  });

  it('fixes the audience at launch, with a deterministic holdout', async () => {
    const sku = await putFreshSku(t, keys.ingest, 'hold');
    await seedShoppers(db, 400, [sku]);
    const { body } = await create(campaignBody(keys.supplierId, { audience: { include: [{ skus: [sku] }] }, holdoutPercent: 25 })).expect(
      201,
    );
    await act(body.id, 'launch').expect(200);
    await t.http.get(`/v1/campaigns/${body.id}/audience`).set('X-Api-Key', keys.marketer).expect(409);
    await seedShoppers(db, 10, [sku]);
    const { rows } = await db.query(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE holdout)::int AS h,
              count(*) FILTER (WHERE holdout <> ((('x' || substr(md5(campaign_id::text || pseudonym::text), 1, 8))::bit(32)::bigint % 100) < 25))::int AS wrong
       FROM campaign_audience WHERE campaign_id = $1`,
      [body.id],
    );
    expect(rows[0].n).toBe(400);
    expect(rows[0].h).toBeGreaterThan(60);
    expect(rows[0].h).toBeLessThan(140);
    expect(rows[0].wrong).toBe(0);
  });
});
