import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { campaignBody } from '../support/campaigns.js';
import { testApp } from '../support/fixtures.js';
import { seedShoppers } from '../support/shoppers.js';
import type { RoleKeys } from '../support/staff.js';
import type { TestApp } from '../support/test-app.js';

type Row = { group: string; buyers: number | null; baskets: number | null; units: number | null; withheld: boolean };

/** Supplier insights (k = INSIGHTS_MIN_AUDIENCE = 50) on the real PostgreSQL. */
describe('supplier insights', () => {
  const app = testApp().withRoleKeys().withDatabase();
  let t: TestApp;
  let keys: RoleKeys;
  let db: pg.Pool;
  let otherKey: string;
  const sku = `ins-${randomUUID().slice(0, 8)}`;
  const rareSku = `ins-rare-${randomUUID().slice(0, 8)}`;
  const othersSku = `ins-other-${randomUUID().slice(0, 8)}`;
  // Product reports count whole calendar months that are over: the purchases are of last month.
  const now = new Date();
  const monthAgo = (n: number, day = 15) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - n, day, 10));
  const dayText = (d: Date) => d.toISOString().slice(0, 10);
  const lastMonth = { from: dayText(monthAgo(1, 1)), to: dayText(monthAgo(0, 0)) };
  /** Objections recorded in the ledger (what the reports read, as of the start of the day) and the current state. */
  const object = async (pseudonyms: string[], at: Date) => {
    await db.query(
      `INSERT INTO consent_ledger (pseudonym, purpose, granted, basis, source, actor, at)
       SELECT p, 'supplier_insights', false, 'legitimate_interest', 'app', 'shopper', $2 FROM unnest($1::uuid[]) p`,
      [pseudonyms, at],
    );
    await db.query(
      `INSERT INTO consent_state (pseudonym, purpose, granted, basis, source, decision_id, updated_at)
       SELECT p, 'supplier_insights', false, 'legitimate_interest', 'app', 1, $2 FROM unnest($1::uuid[]) p`,
      [pseudonyms, at],
    );
  };

  beforeAll(async () => {
    ({ t, keys, db } = await app.start());
    const other = await t.http.post('/v1/suppliers').set('X-Api-Key', t.adminKey).send({ name: 'Other Brand' }).expect(201);
    otherKey = (
      await t.http
        .post('/v1/api-keys')
        .set('X-Api-Key', t.adminKey)
        .send({ name: 'other supplier', role: 'supplier', supplierId: other.body.id })
        .expect(201)
    ).body.key as string;
    await t.http
      .put('/v1/products')
      .set('X-Api-Key', keys.ingest)
      .send([
        { sku, name: 'Roast', supplierId: keys.supplierId },
        { sku: rareSku, name: 'Rare roast', supplierId: keys.supplierId },
        { sku: othersSku, name: 'Not yours', supplierId: other.body.id },
      ])
      .expect(200);
    // Three stores: 120, 200 (5 of whom object to supplier insights) and 10 buyers.
    for (const [store, n] of [
      ['S1', 120],
      ['S2', 200],
      ['S3', 10],
    ] as const) {
      const shoppers = await seedShoppers(db, n, [sku], { consent: false, at: monthAgo(1) });
      await db.query('UPDATE orders SET store_id = $2 WHERE pseudonym = ANY($1::uuid[])', [shoppers, store]);
      if (store === 'S2') {
        // Ten of them also bought the rare roast (in the same basket).
        await db.query(
          `UPDATE order_lines SET skus = skus || $2::text, quantities = quantities || 1, unit_price_cents = unit_price_cents || NULL::int WHERE pseudonym = ANY($1::uuid[])`,
          [shoppers.slice(100, 110), rareSku],
        );
        await object(shoppers.slice(0, 5), new Date(Date.now() - 86_400_000 - 60_000));
      }
    }
  }, 60_000);
  afterAll(() => app.close());

  const products = (query: string, key = keys.supplier) => t.http.get(`/v1/insights/products?${query}`).set('X-Api-Key', key);

  it('groups buyers, baskets and units, leaves out objectors, and withholds small cells and their complement', async () => {
    const { body } = await products(`skus=${sku}&groupBy=store`).expect(200);
    const rows = body.rows as Row[];
    expect(rows).toEqual([
      { group: 'S1', buyers: null, baskets: null, units: null, withheld: true },
      { group: 'S2', buyers: 195, baskets: 195, units: 195, withheld: false },
      { group: 'S3', buyers: null, baskets: null, units: null, withheld: true },
    ]);
    expect(body.suppressed).toBe(2);
    expect(body.window).toEqual({ from: dayText(monthAgo(12, 1)), to: lastMonth.to });
    expect(JSON.stringify(body)).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);

    const byChannel = (await products(`skus=${sku}&groupBy=channel`).expect(200)).body as { rows: Row[]; suppressed: number };
    expect(byChannel).toMatchObject({ rows: [{ group: 'store', buyers: 325, baskets: 325, units: 325, withheld: false }], suppressed: 0 });
    // A report on {sku, rareSku} minus one on {sku} would give the rare roast's 10 buyers: withheld.
    const both = (await products(`skus=${sku},${rareSku}&groupBy=channel`).expect(200)).body as { rows: Row[]; suppressed: number };
    expect(both).toMatchObject({ rows: [{ group: 'store', buyers: null, baskets: null, units: null, withheld: true }], suppressed: 1 });
    // Purchases were last month: a window ending before it holds nothing.
    const before = dayText(monthAgo(2));
    expect((await products(`skus=${sku}&groupBy=weekday&to=${before}`).expect(200)).body).toEqual({
      rows: [],
      suppressed: 0,
      window: { from: dayText(monthAgo(13, 1)), to: dayText(monthAgo(1, 0)) },
    });
    // This month is not over: a window of this month only counts nothing.
    expect((await products(`skus=${sku}&groupBy=weekday&from=${dayText(now)}`).expect(200)).body).toEqual({
      rows: [],
      suppressed: 0,
      window: null,
    });
  });

  it('snaps windows to whole months, so that windows a few days apart give the same answer', async () => {
    const month = `skus=${sku}&groupBy=store&from=${lastMonth.from}`;
    const upTo30 = (await products(`${month}&to=${dayText(monthAgo(1, 28))}`).expect(200)).body as Record<string, unknown>;
    const upTo31 = (await products(`${month}&to=${lastMonth.to}`).expect(200)).body as Record<string, unknown>;
    const fromThe2nd = (await products(`skus=${sku}&groupBy=store&from=${dayText(monthAgo(1, 2))}&to=${lastMonth.to}`).expect(200))
      .body as Record<string, unknown>;
    expect(upTo30).toEqual(upTo31);
    expect(fromThe2nd).toEqual(upTo31);
    expect(upTo31.window).toEqual(lastMonth);
  });

  it('withholds a group whose opening or closing months rest on fewer than k buyers, so that windows cannot be differenced', async () => {
    const store = `S-${randomUUID().slice(0, 6)}`;
    const edgeSku = `ins-edge-${randomUUID().slice(0, 8)}`;
    await t.http
      .put('/v1/products')
      .set('X-Api-Key', keys.ingest)
      .send([{ sku: edgeSku, name: 'Edge roast', supplierId: keys.supplierId }])
      .expect(200);
    const early = await seedShoppers(db, 60, [edgeSku], { consent: false, at: monthAgo(2) });
    const late = await seedShoppers(db, 3, [edgeSku], { consent: false, at: monthAgo(1) });
    await db.query('UPDATE orders SET store_id = $2 WHERE pseudonym = ANY($1::uuid[])', [[...early, ...late], store]);
    // The only group of these reports: nothing else withholds it.
    const row = async (from: string, to: string) =>
      ((await products(`skus=${edgeSku}&groupBy=store&from=${from}&to=${to}`).expect(200)).body.rows as Row[]).find(
        (r) => r.group === store,
      );
    // Months 2..1 ago: 63 buyers, but last month alone holds 3 (the difference with the month before).
    expect(await row(dayText(monthAgo(2, 1)), lastMonth.to)).toMatchObject({ withheld: true, buyers: null });
    expect(await row(dayText(monthAgo(2, 1)), dayText(monthAgo(1, 0)))).toMatchObject({ withheld: false, buyers: 60 });
    expect(await row(lastMonth.from, lastMonth.to)).toMatchObject({ withheld: true });
  });

  it("answers 404 for another supplier's products and campaigns, and 400 for bad queries", async () => {
    await products(`skus=${sku},${othersSku}&groupBy=store`).expect(404);
    await products(`skus=${sku}&groupBy=store`, otherKey).expect(404);
    const missing = await products(`skus=${sku}`).expect(400);
    expect((missing.body.details as Array<{ field: string }>).map((d) => d.field)).toContain('groupBy');
    const empty = await products('skus=,&groupBy=hour').expect(400);
    expect(empty.body.details).toEqual([expect.objectContaining({ field: 'skus' })]);
    await products(`skus=${sku}&groupBy=hour&from=2026-05-02&to=2026-05-01`).expect(400);
    await products(`skus=${sku}&groupBy=hour&from=yesterday`).expect(400);
    await products(`skus=${sku}&groupBy=hour&from=2026-W01`).expect(400);
    await products(`skus=${sku}&groupBy=hour&from=2026-02-30`).expect(400);
    await products(`skus=${sku}&groupBy=hour&from=2020-01-01&to=2026-01-01`).expect(400);
    await products(`skus=${sku}&groupBy=hour&from=2025-01-31&to=2026-01-01`).expect(400); // 13 whole months
    await products(`skus=${sku}&groupBy=store`, keys.marketer).expect(403);

    const { body: campaign } = await t.http
      .post('/v1/campaigns')
      .set('X-Api-Key', keys.marketer)
      .send(
        campaignBody(keys.supplierId, {
          offer: { title: 't', body: 'b', skus: [sku], discount: { type: 'percent', value: 10 }, validDays: 7 },
        }),
      )
      .expect(201);
    const mine = await t.http
      .get(`/v1/insights/campaigns/${campaign.id as string}`)
      .set('X-Api-Key', keys.supplier)
      .expect(200);
    // A draft: nobody yet, so no rate can rest on 50 shoppers.
    expect(mine.body).toMatchObject({
      campaignId: campaign.id,
      status: 'draft',
      audience: 0,
      conversion: { treatment: null, holdout: null },
      uplift: { absolute: null, relative: null },
    });
    expect(mine.body.withheld).toEqual(expect.arrayContaining(['conversion.treatment', 'conversion.holdout', 'uplift']));
    // With an audience (fixed as the launch job would), objectors are left out of every figure.
    const treated = await seedShoppers(db, 100, [sku], { consent: false });
    const held = await seedShoppers(db, 60, [sku], { consent: false });
    await db.query(
      `INSERT INTO campaign_audience (campaign_id, pseudonym, chunk, holdout) SELECT $1, p, 0, h FROM unnest($2::uuid[], $3::bool[]) AS x(p, h)`,
      [campaign.id, [...treated, ...held], [...treated.map(() => false), ...held.map(() => true)]],
    );
    await object(treated.slice(0, 5), new Date(Date.now() - 86_400_000 - 60_000));
    const counted = await t.http
      .get(`/v1/insights/campaigns/${campaign.id as string}`)
      .set('X-Api-Key', keys.supplier)
      .expect(200);
    expect(counted.body).toMatchObject({
      audience: 155,
      holdout: 60,
      delivered: 0,
      converted: 0,
      conversion: { treatment: 0, holdout: 0 },
      uplift: { absolute: 0, relative: null },
    });
    // An objection made today moves no figure before tomorrow (with the rest of the day), in
    // campaign and product reports alike.
    const productsBefore = (await products(`skus=${sku}&groupBy=store`).expect(200)).body as unknown;
    await object(treated.slice(5, 6), new Date());
    const again = await t.http
      .get(`/v1/insights/campaigns/${campaign.id as string}`)
      .set('X-Api-Key', keys.supplier)
      .expect(200);
    expect(again.body).toEqual(counted.body);
    expect((await products(`skus=${sku}&groupBy=store`).expect(200)).body).toEqual(productsBefore);
    await t.http
      .get(`/v1/insights/campaigns/${campaign.id as string}`)
      .set('X-Api-Key', otherKey)
      .expect(404);
    await t.http.get(`/v1/insights/campaigns/${randomUUID()}`).set('X-Api-Key', keys.supplier).expect(404);
  });
});
