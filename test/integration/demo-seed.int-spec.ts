import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import type pg from 'pg';
import { ensureDemoCampaigns } from '../../src/cli/demo/demo-campaigns.js';
import { ensureDemoKeys } from '../../src/cli/demo/demo-keys.js';
import { loadDemoWorld } from '../../src/cli/demo/load-demo-world.js';
import { demoWorld } from '../../src/modules/demo/domain/demo-world.js';
import { testContext } from '../support/fixtures.js';

const TABLES = [
  'suppliers',
  'products',
  'orders',
  'order_lines',
  'identity_index',
  'consent_ledger',
  'campaigns',
  'campaign_audience',
  'offer_deliveries',
  'campaign_suppressions',
  'api_keys',
];

describe('demo world seed (PostgreSQL, Redis, the real services)', () => {
  const fixture = testContext().withDatabase();
  let ctx: INestApplicationContext;
  let db: pg.Pool;
  let dir: string;
  // A small world: 60 shoppers over two months.
  const world = demoWorld({ seed: 14, shoppers: 60, days: 60 });

  beforeAll(async () => {
    ({ ctx, db } = await fixture.start());
    dir = await mkdtemp(join(tmpdir(), 'panier-demo-'));
  }, 60_000);
  afterAll(async () => {
    await fixture.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** Row counts, and what an update would move. */
  const snapshot = async () => {
    const out: Record<string, unknown> = {};
    for (const table of TABLES) out[table] = Number((await db.query(`SELECT count(*) FROM ${table}`)).rows[0].count);
    out.productsUpdated = (await db.query('SELECT max(updated_at) AS at FROM products')).rows[0].at;
    out.campaignStates = (await db.query('SELECT status, count(*)::int AS n FROM campaigns GROUP BY status ORDER BY status')).rows;
    out.keysRevoked = Number((await db.query('SELECT count(*) FROM api_keys WHERE revoked_at IS NOT NULL')).rows[0].count);
    return out;
  };

  const seed = async (end: Date) => {
    const load = await loadDemoWorld(ctx, world, end);
    const campaigns = await ensureDemoCampaigns(ctx, world, load.suppliers);
    const keys = await ensureDemoKeys(ctx, join(dir, 'keys'), load.suppliers.get('Alpine Dairy Co.') as string);
    return { load, campaigns, keys };
  };

  it('loads the world through the services, then changes nothing when run again (on a later day too)', async () => {
    // Yesterday, then today: the seed's histories end the day it runs, never in the future.
    const first = await seed(new Date(Date.now() - 86_400_000));
    expect(first.load.orders.accepted).toBeGreaterThan(500);
    expect(first.load.orders.rejectedCount).toBe(0);
    expect(first.load.consents).toBeGreaterThan(0);
    expect(first.campaigns.map((c) => c.status).sort()).toEqual(['cancelled', 'completed', 'draft', 'paused', 'running', 'scheduled']);
    expect(first.keys.every((k) => k.minted)).toBe(true);
    expect((await stat(join(dir, 'keys'))).mode & 0o077).toBe(0);
    const before = await snapshot();
    expect(Number(before.offer_deliveries)).toBeGreaterThan(0);

    const again = await seed(new Date());
    expect(again.load.orders).toEqual({ accepted: 0, duplicates: first.load.orders.accepted, rejectedCount: 0 });
    expect(again.load.consents).toBe(0);
    expect(again.campaigns.every((c) => !c.created)).toBe(true);
    expect(again.keys).toEqual(first.keys.map((k) => ({ ...k, minted: false })));
    expect(await snapshot()).toEqual(before);
  }, 180_000);

  it('mints again only the demo keys that stopped working, revoking the lost ones', async () => {
    const supplierId = (await db.query(`SELECT id::text FROM suppliers WHERE name = 'Alpine Dairy Co.'`)).rows[0].id as string;
    const { rows } = await db.query(`SELECT id FROM api_keys WHERE name = 'demo marketer' AND revoked_at IS NULL`);
    await db.query('UPDATE api_keys SET revoked_at = now() WHERE id = $1', [rows[0].id]);
    const keys = await ensureDemoKeys(ctx, join(dir, 'keys'), supplierId);
    expect(keys.filter((k) => k.minted).map((k) => k.role)).toEqual(['marketer']);
    await rm(join(dir, 'keys'));
    const lost = await ensureDemoKeys(ctx, join(dir, 'keys'), supplierId);
    expect(lost.every((k) => k.minted)).toBe(true);
    const active = await db.query(
      `SELECT name, count(*)::int AS n FROM api_keys WHERE name LIKE 'demo %' AND revoked_at IS NULL GROUP BY name`,
    );
    expect(active.rows.every((r: { n: number }) => r.n === 1)).toBe(true);
  });
});
