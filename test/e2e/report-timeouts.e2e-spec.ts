import type pg from 'pg';
import type { RoleKeys } from '../support/staff.js';
import { campaignBody } from '../support/campaigns.js';
import { testApp } from '../support/fixtures.js';
import type { TestApp } from '../support/test-app.js';
import { shopperToken } from '../support/tokens.js';
import { waitFor } from '../support/wait.js';

describe('queries a caller shapes (audience estimates)', () => {
  const app = testApp()
    // A main pool smaller than the number of estimates below: they must not be able to take it.
    .withEnv({ REPORT_STATEMENT_TIMEOUT_MS: '1500', REPORT_DB_POOL_SIZE: '2', DATABASE_POOL_SIZE: '3' })
    .withCampaignProducts()
    .withDatabase();
  let t: TestApp;
  let keys: RoleKeys;
  let db: pg.Pool;

  beforeAll(async () => {
    ({ t, keys, db } = await app.start());
  }, 60_000);
  afterAll(() => app.close());

  it('answers 503 QUERY_TIMEOUT past the statement timeout, while authentication keeps its connections', async () => {
    const { body: campaign } = await t.http
      .post('/v1/campaigns')
      .set('X-Api-Key', keys.marketer)
      .send(campaignBody(keys.supplierId))
      .expect(201);
    const estimate = () => t.http.get(`/v1/campaigns/${campaign.id}/audience`).set('X-Api-Key', keys.marketer);
    await estimate().expect(200);

    // The purchases locked by another transaction: an estimate waits on the lock, as long as a slow one runs.
    const locker = await db.connect();
    try {
      // Released by PostgreSQL itself should this test stop half-way.
      await locker.query(`SET idle_in_transaction_session_timeout = '15s'`);
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE order_lines IN ACCESS EXCLUSIVE MODE');
      const estimates = Array.from({ length: 6 }, () => estimate().then((res) => res));
      await waitFor(async () => {
        const { rows } = await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        );
        return rows[0].n >= 2;
      });
      // Requests that authenticate (a shopper, created on first sight; a staff key) and read the database.
      await t.http
        .get('/v1/me/consents')
        .set('Authorization', `Bearer ${await shopperToken()}`)
        .expect(200);
      await t.http.get('/v1/suppliers').set('X-Api-Key', keys.admin).expect(200);
      for (const res of await Promise.all(estimates)) {
        expect(res.status).toBe(503);
        expect(res.body).toMatchObject({ statusCode: 503, code: 'QUERY_TIMEOUT' });
        expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      }
    } finally {
      await locker.query('ROLLBACK').catch(() => undefined);
      locker.release();
    }
    await estimate().expect(200);
  });
});
