/**
 * Supplier insights benchmark: N purchase lines (default 10,000,000: one order_lines row per
 * order of ten lines) over the last 12 full months and this one, generated set-based straight
 * into PostgreSQL with shoppers, their consent ledger and a completed campaign with its audience,
 * deliveries and conversions; then the app in-process, and each report timed over HTTP with a
 * supplier key: products by weekday, hour, store and channel for five of the supplier's skus over
 * the last 12 full months, and the campaign's insights. The first call of each, then `--runs`
 * more; beside them, the bare `SELECT count(*) … WHERE skus && …` of the same window.
 *
 *   npm run build && npm run bench:insights -- [--lines 10000000] [--shoppers 300000] [--products 5000] [--audience 250000] [--runs 5]
 *
 * Uses its own database (BENCH_DATABASE_URL, default panier_bench_insights, dropped and migrated
 * at start) and Redis db (BENCH_REDIS_URL, default db 12). Prints a table, then ONE JSON line.
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { type BenchApp, benchEnvironment, call, startApp } from './fanout/app.js';
import { recreateDatabase } from './lib/bench-db.js';

const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/panier_bench_insights';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/12';
const ITEMS_PER_ORDER = 10;
const STORES = 8;
const ORDERS_PER_STATEMENT = 100_000;
const GROUP_BYS = ['weekday', 'hour', 'store', 'channel'] as const;

interface Options {
  lines: number;
  shoppers: number;
  products: number;
  audience: number;
  runs: number;
}

function cli(): Options {
  const { values } = parseArgs({
    options: {
      lines: { type: 'string', default: '10000000' },
      shoppers: { type: 'string', default: '300000' },
      products: { type: 'string', default: '5000' },
      audience: { type: 'string', default: '250000' },
      runs: { type: 'string', default: '5' },
    },
  });
  const options = {
    lines: Number(values.lines),
    shoppers: Number(values.shoppers),
    products: Number(values.products),
    audience: Number(values.audience),
    runs: Number(values.runs),
  };
  for (const [name, value] of Object.entries(options))
    if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer`);
  if (options.audience > options.shoppers) throw new Error('--audience must not exceed --shoppers');
  if (options.products < 100) throw new Error('--products must be at least 100');
  return options;
}

const sku = (i: number) => `SKU-${String(i).padStart(5, '0')}`;
/** The supplier's five best sellers (it owns one product in twenty, `i % 20 = 7`, see seed): a typical report. */
const REPORT_SKUS = [7, 27, 47, 67, 87].map(sku);

function log(message: string): void {
  console.log(`[insights] ${message}`);
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(1);
}

async function connect(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  return client;
}

/** Purchases over [start of the month 12 months ago, start of today), so the 12 full months are all covered. */
function purchaseSpan(): { from: Date; to: Date; reportFrom: Date; reportTo: Date } {
  const now = new Date();
  const thisMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const reportFrom = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 12, 1));
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  return { from: reportFrom, to: today, reportFrom, reportTo: thisMonth };
}

/**
 * Shoppers, products, purchases and consent, set-based. Lines: products drawn with a skew
 * (`products × random()²`: the top 1% of products are in about a tenth of the lines), ten
 * distinct per order; orders by shoppers drawn uniformly, at a uniform day and an hour from 7:00
 * to 21:00 UTC; one in five online, the others at the shopper's store (one of 8). Consent, under
 * the default basis (legitimate interest): every shopper granted personalization when joining;
 * 15% objected to supplier_insights during the year, a third of them granted it again later, and
 * 2% more object today (counted from tomorrow's reports).
 */
async function seed(client: pg.Client, o: Options, supplierId: string): Promise<{ lines: number; orders: number }> {
  const span = purchaseSpan();
  await client.query('SET synchronous_commit = off');
  await client.query(
    `SELECT panier_ensure_purchase_month(m) FROM generate_series($1::timestamptz, $2::timestamptz, interval '1 month') m`,
    [span.from, span.to],
  );
  await client.query(
    `INSERT INTO products (sku, name, category, brand, supplier_id)
     SELECT 'SKU-' || lpad(i::text, 5, '0'), 'Product ' || i, 'category-' || (i % 40), 'brand-' || (i % 300),
            CASE WHEN i % 20 = 7 THEN $2::uuid END
     FROM generate_series(0, $1 - 1) i`,
    [o.products, supplierId],
  );
  const joined = new Date(span.from.getTime() - 30 * 86_400_000);
  await client.query(
    `INSERT INTO shoppers (pseudonym, created_at, last_active_at)
     SELECT md5('shopper-' || s)::uuid, $2, now() FROM generate_series(0, $1 - 1) s`,
    [o.shoppers, joined],
  );
  const orders = Math.ceil(o.lines / ITEMS_PER_ORDER);
  const started = performance.now();
  for (let first = 0; first < orders; first += ORDERS_PER_STATEMENT) {
    const last = Math.min(first + ORDERS_PER_STATEMENT, orders) - 1;
    // g: the order number; s: its shopper. Items: distinct skus, drawn 4 more than needed, so
    // that an order nearly always has ten.
    await client.query(
      `CREATE TEMP TABLE bench_batch AS
       SELECT 'bench-' || g AS order_id, md5('shopper-' || s)::uuid AS pseudonym, at, skus,
              CASE WHEN g % 5 = 0 THEN 'online' ELSE 'store' END AS channel, 'store-' || (1 + s % ${STORES}) AS store_id
       FROM (
         SELECT g, floor(random() * $3)::int AS s,
                date_trunc('day', $4::timestamptz + random() * ($5::timestamptz - $4::timestamptz)) + (7 + random() * 14) * interval '1 hour' AS at,
                ARRAY(SELECT x FROM (SELECT DISTINCT 'SKU-' || lpad(floor($6 * random() ^ 2)::int::text, 5, '0') AS x
                                     FROM generate_series(1, $7 + 4 + g * 0)) d ORDER BY random() LIMIT $7) AS skus
         FROM generate_series($1::int, $2::int) g
       ) o`,
      [first, last, o.shoppers, span.from, span.to, o.products, ITEMS_PER_ORDER],
    );
    await client.query(
      `INSERT INTO order_lines (purchased_at, pseudonym, order_id, skus, quantities, unit_price_cents)
       SELECT at, pseudonym, order_id, skus,
              ARRAY(SELECT 1 + floor(random() * 3)::int FROM unnest(skus)),
              ARRAY(SELECT 99 + floor(random() * 900)::int FROM unnest(skus))
       FROM bench_batch`,
    );
    await client.query(
      `INSERT INTO orders (order_id, pseudonym, purchased_at, channel, store_id, items_hash, line_count)
       SELECT order_id, pseudonym, at, channel, CASE WHEN channel = 'store' THEN store_id END, md5(order_id), cardinality(skus)
       FROM bench_batch`,
    );
    await client.query('DROP TABLE bench_batch');
    log(`${last + 1} / ${orders} orders in ${seconds(performance.now() - started)} s`);
  }
  const yearAgo = span.from;
  const today = span.to;
  await client.query(
    `INSERT INTO consent_ledger (pseudonym, purpose, granted, basis, source, actor, at)
     SELECT md5('shopper-' || s)::uuid, 'personalization', true, 'consent', 'app', 'shopper', $2 FROM generate_series(0, $1 - 1) s`,
    [o.shoppers, joined],
  );
  await client.query(
    `INSERT INTO consent_ledger (pseudonym, purpose, granted, basis, source, actor, at)
     SELECT md5('shopper-' || s)::uuid, 'supplier_insights', false, 'legitimate_interest', 'app', 'shopper',
            $2::timestamptz + (s % 150) * interval '1 day'
     FROM generate_series(0, $1 - 1) s WHERE s % 100 < 15`,
    [o.shoppers, yearAgo],
  );
  await client.query(
    `INSERT INTO consent_ledger (pseudonym, purpose, granted, basis, source, actor, at)
     SELECT md5('shopper-' || s)::uuid, 'supplier_insights', true, 'legitimate_interest', 'app', 'shopper',
            $2::timestamptz + (150 + s % 150) * interval '1 day'
     FROM generate_series(0, $1 - 1) s WHERE s % 100 < 5`,
    [o.shoppers, yearAgo],
  );
  await client.query(
    `INSERT INTO consent_ledger (pseudonym, purpose, granted, basis, source, actor, at)
     SELECT md5('shopper-' || s)::uuid, 'supplier_insights', false, 'legitimate_interest', 'app', 'shopper', $2
     FROM generate_series(0, $1 - 1) s WHERE s % 100 BETWEEN 50 AND 51`,
    [o.shoppers, new Date(today.getTime() + 3_600_000)],
  );
  await client.query(
    `INSERT INTO consent_state (pseudonym, purpose, granted, basis, source, decision_id, updated_at)
     SELECT DISTINCT ON (pseudonym, purpose) pseudonym, purpose, granted, basis, source, id, at
     FROM consent_ledger ORDER BY pseudonym, purpose, id DESC`,
  );
  const { rows } = await client.query<{ lines: string; orders: string }>(
    'SELECT coalesce(sum(cardinality(skus)), 0) AS lines, count(*) AS orders FROM order_lines',
  );
  return { lines: Number(rows[0].lines), orders: Number(rows[0].orders) };
}

/**
 * The campaign's audience (shoppers 0 … audience-1), fixed three days ago: one in ten held out;
 * 95% of the others delivered in-app two days ago, 45% seen; about 7% of the treated and 4% of the
 * held out converted yesterday. The campaign is marked completed, so no worker picks it up.
 */
async function seedCampaign(client: pg.Client, id: string, audience: number): Promise<void> {
  const day = 86_400_000;
  const now = Date.now();
  await client.query(
    `UPDATE campaigns SET status = 'completed', launched_at = $2, audience_fixed_at = $2, dispatch_completed_at = $2, finished_at = $3 WHERE id = $1`,
    [id, new Date(now - 3 * day), new Date(now - day / 2)],
  );
  await client.query(
    `INSERT INTO campaign_audience (campaign_id, pseudonym, chunk, holdout, converted_at)
     SELECT $1, md5('shopper-' || s)::uuid, s / 1000, s % 10 = 0,
            CASE WHEN (s % 10 = 0 AND (s / 10) % 25 = 0) OR (s % 10 <> 0 AND s % 100 < 7) THEN $3::timestamptz END
     FROM generate_series(0, $2 - 1) s`,
    [id, audience, new Date(now - 1.5 * day)],
  );
  await client.query(
    `INSERT INTO offer_deliveries (campaign_id, pseudonym, id, channel, cost_cents, delivered_at, expires_at, seen_at)
     SELECT $1, md5('shopper-' || s)::uuid, md5('delivery-' || s)::uuid, 'in_app', 5, $3, $3::timestamptz + interval '7 days',
            CASE WHEN s % 100 < 45 THEN $3::timestamptz + interval '2 hours' END
     FROM generate_series(0, $2 - 1) s WHERE s % 10 <> 0 AND s % 20 <> 1`,
    [id, audience, new Date(now - 2 * day)],
  );
}

interface Timing {
  firstMs: number;
  medianMs: number;
  maxMs: number;
  underOneSecond: boolean;
}

function timing(samples: number[]): Timing {
  const [first, ...rest] = samples;
  const sorted = [...rest].sort((a, b) => a - b);
  const median = sorted.length ? sorted[Math.floor(sorted.length / 2)] : first;
  const max = Math.max(...samples);
  const round = (x: number) => Math.round(x * 10) / 10;
  return { firstMs: round(first), medianMs: round(median), maxMs: round(max), underOneSecond: max < 1000 };
}

async function timeRuns(runs: number, work: () => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const started = performance.now();
    await work();
    samples.push(performance.now() - started);
  }
  return samples;
}

async function get(app: BenchApp, key: string, path: string): Promise<unknown> {
  const res = await fetch(`${app.url}${path}`, { headers: { 'X-Api-Key': key } });
  const body = await res.text();
  if (!res.ok) throw new Error(`GET ${path} → ${res.status} ${body}`);
  return JSON.parse(body);
}

async function main(): Promise<void> {
  const o = cli();
  const load = loadavg()[0];
  await recreateDatabase(DATABASE_URL);
  // Reports are timed to their end: the statement timeout (15 s by default) would cut a slow one short.
  const env = { ...benchEnvironment(DATABASE_URL, REDIS_URL), REPORT_STATEMENT_TIMEOUT_MS: '600000' };
  const app = await startApp(env);
  const client = await connect();
  try {
    const supplier = await call<{ id: string }>(app, 'POST', '/v1/suppliers', { name: 'Bench Dairy' });
    const { key } = await call<{ key: string }>(app, 'POST', '/v1/api-keys', { role: 'supplier', supplierId: supplier.id, name: 'bench' });
    let started = performance.now();
    const loaded = await seed(client, o, supplier.id);
    const seedMs = performance.now() - started;
    log(`${loaded.lines} lines in ${loaded.orders} orders of ${o.shoppers} shoppers loaded in ${seconds(seedMs)} s`);
    const campaign = await call<{ id: string }>(app, 'POST', '/v1/campaigns', {
      name: 'Bench dairy week',
      supplierId: supplier.id,
      offer: { title: 'Dairy week', body: '20% off', skus: [REPORT_SKUS[0]], discount: { type: 'percent', value: 20 }, validDays: 7 },
      audience: { include: [{ skus: [REPORT_SKUS[0]], withinDays: 90 }], exclude: [] },
      trigger: 'broadcast',
      channels: ['in_app'],
      startsAt: new Date(Date.now() - 3 * 86_400_000).toISOString(),
      endsAt: new Date(Date.now() + 4 * 86_400_000).toISOString(),
      budget: { totalCents: 1_000_000_000, costPerDeliveryCents: 5 },
    });
    await seedCampaign(client, campaign.id, o.audience);
    started = performance.now();
    await client.query('VACUUM ANALYZE');
    const vacuumMs = performance.now() - started;
    log(`campaign of ${o.audience} shoppers seeded; VACUUM ANALYZE in ${seconds(vacuumMs)} s`);

    const span = purchaseSpan();
    const day = (d: Date) => d.toISOString().slice(0, 10);
    const lastDay = new Date(span.reportTo.getTime() - 86_400_000);
    const window = `from=${day(span.reportFrom)}&to=${day(lastDay)}`;
    const reports: Record<string, Timing> = {};
    const samples: Record<string, number[]> = {};
    for (const groupBy of GROUP_BYS) {
      const path = `/v1/insights/products?skus=${REPORT_SKUS.join(',')}&groupBy=${groupBy}&${window}`;
      samples[`products_${groupBy}`] = await timeRuns(o.runs, () => get(app, key, path));
    }
    samples.campaign = await timeRuns(o.runs, () => get(app, key, `/v1/insights/campaigns/${campaign.id}`));
    samples.bareCount = await timeRuns(o.runs, () =>
      client.query('SELECT count(*) FROM order_lines WHERE skus && $1::text[] AND purchased_at >= $2 AND purchased_at < $3', [
        REPORT_SKUS,
        span.reportFrom,
        span.reportTo,
      ]),
    );
    for (const [name, s] of Object.entries(samples)) reports[name] = timing(s);
    const { rows } = await client.query<{ n: string }>(
      'SELECT count(*) AS n FROM order_lines WHERE skus && $1::text[] AND purchased_at >= $2 AND purchased_at < $3',
      [REPORT_SKUS, span.reportFrom, span.reportTo],
    );
    const matchingOrders = Number(rows[0].n);

    console.log(
      `\n${loaded.lines} lines, ${loaded.orders} orders, ${o.shoppers} shoppers, ${o.products} products; skus ${REPORT_SKUS.join(',')} ` +
        `in ${matchingOrders} orders over ${day(span.reportFrom)} … ${day(lastDay)}; campaign audience ${o.audience}`,
    );
    console.log(`${'report'.padEnd(18)} ${'first ms'.padStart(9)} ${'median ms'.padStart(10)} ${'max ms'.padStart(9)}  < 1 s`);
    for (const [name, t] of Object.entries(reports))
      console.log(
        `${name.padEnd(18)} ${t.firstMs.toFixed(1).padStart(9)} ${t.medianMs.toFixed(1).padStart(10)} ${t.maxMs.toFixed(1).padStart(9)}  ${t.underOneSecond ? 'yes' : 'NO'}`,
      );
    console.log(`(median and max of ${o.runs} warm runs after the first; bareCount: the bare SQL count, for comparison)`);
    const { bareCount, ...timed } = reports;
    console.log(
      JSON.stringify({
        bench: 'insights',
        lines: loaded.lines,
        orders: loaded.orders,
        shoppers: o.shoppers,
        products: o.products,
        audience: o.audience,
        skus: REPORT_SKUS.length,
        matchingOrders,
        runs: o.runs,
        seedSeconds: Math.round(seedMs / 100) / 10,
        reports: timed,
        allUnderOneSecond: Object.values(timed).every((t) => t.underOneSecond),
        bareCount,
        cores: cpus().length,
        node: process.version,
        loadAverage: load,
      }),
    );
  } finally {
    await client.end();
    await app.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
