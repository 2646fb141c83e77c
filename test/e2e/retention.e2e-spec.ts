import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { RedisService } from '../../src/infra/redis/redis.service.js';
import { newCustomerId } from '../support/customers.js';
import { testApp } from '../support/fixtures.js';
import type { RoleKeys } from '../support/staff.js';
import type { TestApp } from '../support/test-app.js';
import { shopperToken } from '../support/tokens.js';
import { RedisKeys } from '../../src/infra/redis/redis-keys.js';
import { waitFor } from '../support/wait.js';

const DAY = 86_400_000;

/**
 * Retention on the real PostgreSQL, Redis and BullMQ: purchases past RETENTION_PURCHASE_DAYS go
 * (and the profiles built on them are rebuilt), shoppers inactive for RETENTION_INACTIVE_DAYS are
 * erased, and each run is in the audit trail.
 */
describe('retention', () => {
  const app = testApp().withEnv({ RETENTION_PURCHASE_DAYS: '400', RETENTION_INACTIVE_DAYS: '200' }).withRoleKeys().withDatabase();
  let t: TestApp;
  let keys: RoleKeys;
  let db: pg.Pool;

  beforeAll(async () => {
    ({ t, keys, db } = await app.start());
  }, 60_000);
  afterAll(() => app.close());

  async function buy(customerId: string, daysAgo: number, skus: string[]): Promise<void> {
    await t.http
      .post('/v1/purchases')
      .set('X-Api-Key', keys.ingest)
      .send({
        customerId,
        orderId: `ret-${randomUUID()}`,
        purchasedAt: new Date(Date.now() - daysAgo * DAY).toISOString(),
        channel: 'store',
        items: skus.map((sku) => ({ sku, quantity: 1 })),
      })
      .expect(201);
  }
  const pseudonymOf = async (customerId: string) =>
    (
      (await t.http.post('/v1/privacy/export').set('X-Api-Key', keys.privacy).send({ customerId }).expect(200)).body as {
        pseudonym: string;
      }
    ).pseudonym;
  const inactiveSince = (pseudonym: string, days: number) =>
    db.query(`UPDATE shoppers SET last_active_at = now() - make_interval(days => $2) WHERE pseudonym = $1`, [pseudonym, days]);
  const data = async (customerId: string) =>
    (
      await t.http
        .get('/v1/me/data')
        .set('Authorization', `Bearer ${await shopperToken({ sub: customerId })}`)
        .expect(200)
    ).body as { purchases: Array<{ items: Array<{ sku: string }> }>; profile: { orders: number; items: Array<{ sku: string }> } };

  it('purges old purchases and rebuilds the profiles on them, erases inactive shoppers, keeps the active, and audits the run', async () => {
    // Active, with one purchase past the retention period and one within it.
    const regular = newCustomerId();
    await buy(regular, 390, ['ret-old-jam']);
    await buy(regular, 10, ['ret-milk']);
    // Bought within the retention period, it has grown old since (ingest refuses what is already past it).
    await db.query('SELECT panier_ensure_purchase_month(now() - make_interval(days => 500))');
    for (const table of ['orders', 'order_lines'])
      await db.query(
        `UPDATE ${table} SET purchased_at = purchased_at - make_interval(days => 110)
         WHERE pseudonym = $1 AND purchased_at < now() - make_interval(days => 300)`,
        [await pseudonymOf(regular)],
      );
    expect((await data(regular)).profile.orders).toBe(2);
    // No sign of life for 300 days and nothing bought since: erased.
    const gone = newCustomerId();
    await buy(gone, 300, ['ret-milk']);
    const gonePseudonym = await pseudonymOf(gone);
    await inactiveSince(gonePseudonym, 300);
    // Not signed in for 300 days, but bought in store 20 days ago: kept.
    const storeOnly = newCustomerId();
    await buy(storeOnly, 20, ['ret-bread']);
    await inactiveSince(await pseudonymOf(storeOnly), 300);
    const regularPseudonym = await pseudonymOf(regular);
    await inactiveSince(regularPseudonym, 1); // (the reads above signed the shopper in just now)

    const { body } = await t.http.post('/v1/privacy/retention/run').set('X-Api-Key', keys.privacy).expect(202);
    const runId = body.runId as string;
    const run = await waitFor(async () => {
      const events = (await t.http.get('/v1/privacy/audit').set('X-Api-Key', keys.privacy).expect(200)).body.events as Array<{
        kind: string;
        actor: string;
        details: Record<string, unknown>;
      }>;
      return events.find((e) => e.kind === 'retention_run' && e.details.runId === runId);
    }, 30_000);
    expect(run.actor).toBe('retention');
    // (Other suites of the run share the database: counts are at least this test's.)
    expect(run.details.inactiveShoppers).toBeGreaterThanOrEqual(1);
    expect(run.details.deletedOrders).toBeGreaterThanOrEqual(1);
    expect(run.details.profilesRebuilt).toBeGreaterThanOrEqual(1);
    expect(Date.parse(run.details.purchaseCutoff as string)).toBeLessThan(Date.now() - 399 * DAY);
    expect(Number((await db.query('SELECT count(*) AS n FROM retention_pending_profiles')).rows[0].n)).toBe(0);

    // The old purchase is gone, and so is what the profile had learned from it.
    const after = await data(regular);
    expect(after.purchases.map((p) => p.items[0].sku)).toEqual(['ret-milk']);
    expect(after.profile.orders).toBe(1);
    expect(after.profile.items.map((i) => i.sku)).toEqual(['ret-milk']);
    // The inactive shopper is erased through an erasure request of the retention job.
    const erasure = await waitFor(async () => {
      const events = (await t.http.get('/v1/privacy/audit').set('X-Api-Key', keys.privacy).expect(200)).body.events as Array<{
        kind: string;
        actor: string;
        pseudonym: string | null;
        details: { removed: Record<string, number> };
      }>;
      return events.find((e) => e.kind === 'erasure' && e.pseudonym === gonePseudonym);
    });
    expect(erasure.actor).toBe('retention');
    expect(erasure.details.removed).toMatchObject({ identities: 1, orders: 1 });
    // Erased for good: no profile came back with the purge's rebuild.
    expect(await t.app.get(RedisService).client.exists(RedisKeys.profile(gonePseudonym), RedisKeys.profileStamp(gonePseudonym))).toBe(0);
    expect(Number((await db.query('SELECT count(*) AS n FROM shoppers WHERE pseudonym = $1', [gonePseudonym])).rows[0].n)).toBe(0);
    await t.http.post('/v1/privacy/export').set('X-Api-Key', keys.privacy).send({ customerId: gone }).expect(404);
    // The store-only shopper is still there.
    expect((await data(storeOnly)).purchases).toHaveLength(1);
  });

  it('records a shopper sign-in as activity', async () => {
    const customerId = newCustomerId();
    await buy(customerId, 5, ['ret-milk']);
    const pseudonym = await pseudonymOf(customerId);
    await inactiveSince(pseudonym, 300);
    await t.http
      .get('/v1/me/consents')
      .set('Authorization', `Bearer ${await shopperToken({ sub: customerId })}`)
      .expect(200);
    const active = await waitFor(async () => {
      const { rows } = await db.query<{ fresh: boolean }>(
        `SELECT last_active_at > now() - interval '1 minute' AS fresh FROM shoppers WHERE pseudonym = $1`,
        [pseudonym],
      );
      return rows[0]?.fresh ? true : undefined;
    });
    expect(active).toBe(true);
  });
});
