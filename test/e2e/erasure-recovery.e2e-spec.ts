import { randomUUID } from 'node:crypto';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import pg from 'pg';
import { QueueName } from '../../src/infra/queue/queue-names.js';
import { ErasureService } from '../../src/modules/privacy/erasure.service.js';
import { testApp } from '../support/fixtures.js';
import { apiShopper } from '../support/shoppers.js';
import type { RoleKeys } from '../support/staff.js';
import type { TestApp } from '../support/test-app.js';
import { waitFor } from '../support/wait.js';

/**
 * An erasure that did not finish is finished by the sweep: a request left `failed` (only it can
 * still reach the data once the identity is gone) and a second pass whose job was lost.
 */
describe('erasure recovery', () => {
  const app = testApp().withEnv({ ERASURE_SECOND_PASS_DELAY_MS: '3600000' }).withRoleKeys().withDatabase();
  let t: TestApp;
  let keys: RoleKeys;
  let db: pg.Pool;

  beforeAll(async () => {
    ({ t, keys, db } = await app.start());
  }, 60_000);
  afterAll(() => app.close());

  const request = async (id: string) =>
    (await db.query<{ status: string; pseudonym: string | null }>('SELECT status, pseudonym FROM erasure_requests WHERE id = $1', [id]))
      .rows[0];
  const orders = async (pseudonym: string) =>
    Number((await db.query('SELECT count(*) AS n FROM orders WHERE pseudonym = $1', [pseudonym])).rows[0].n);

  it('tries a failed request again until the data it alone can reach is gone', async () => {
    const shopper = await apiShopper(t, keys.ingest, [['rec-milk'], ['rec-bread']]);
    const { pseudonym } = (
      await t.http.post('/v1/privacy/export').set('X-Api-Key', keys.privacy).send({ customerId: shopper.customerId }).expect(200)
    ).body as { pseudonym: string };
    // As after a job that erased the identity and then failed every attempt.
    await db.query('DELETE FROM identity_index WHERE pseudonym = $1', [pseudonym]);
    const id = randomUUID();
    await db.query(
      `INSERT INTO erasure_requests (id, status, pseudonym, requested_by, requested_at, error) VALUES ($1, 'failed', $2, 'shopper', now() - interval '10 minutes', 'an erasure step failed; it is tried again')`,
      [id, pseudonym],
    );
    expect(await orders(pseudonym)).toBe(2);

    expect(await t.app.get(ErasureService).sweep()).toBeGreaterThanOrEqual(1);
    await waitFor(async () => ((await request(id)).status === 'done' ? true : undefined));
    expect(await orders(pseudonym)).toBe(0);
    const status = (await t.http.get(`/v1/privacy/erasure/${id}`).set('X-Api-Key', keys.privacy).expect(200)).body as {
      status: string;
      error: string | null;
      removed: Record<string, number>;
    };
    expect(status).toMatchObject({ status: 'done', error: null, removed: expect.objectContaining({ orders: 2 }) });
  });

  it('runs a second pass whose job was lost, then forgets the pseudonym', async () => {
    const shopper = await apiShopper(t, keys.ingest, [['rec-tea']]);
    const accepted = await t.http.delete('/v1/me').set('Authorization', `Bearer ${shopper.token}`).expect(202);
    const id = accepted.body.requestId as string;
    await waitFor(async () => ((await request(id)).status === 'done' ? true : undefined));
    const { pseudonym } = await request(id);
    expect(pseudonym).not.toBeNull();
    // The delayed second pass is lost, and its time is long past.
    const queue = t.app.get<Queue>(getQueueToken(QueueName.Erasure));
    await (await queue.getJob(`erasure-${id}-second`))?.remove();
    await db.query(`UPDATE erasure_requests SET completed_at = now() - interval '2 hours' WHERE id = $1`, [id]);
    await db.query(
      `INSERT INTO orders (order_id, pseudonym, purchased_at, channel, items_hash, unpriced_lines, line_count) VALUES ($1, $2, now(), 'store', 'x', 0, 1)`,
      [`late-${randomUUID()}`, pseudonym],
    );

    await t.app.get(ErasureService).sweep();
    await waitFor(async () => ((await request(id)).pseudonym === null ? true : undefined));
    expect(await orders(pseudonym as string)).toBe(0);
    expect((await request(id)).status).toBe('done');
  });
});
