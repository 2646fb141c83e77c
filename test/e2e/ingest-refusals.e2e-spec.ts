import { Readable } from 'node:stream';
import type pg from 'pg';
import { IdentityService } from '../../src/modules/identity/identity.service.js';
import { ErasureService } from '../../src/modules/privacy/erasure.service.js';
import { PurchaseImportService } from '../../src/modules/purchases/import/purchase-import.service.js';
import { newCustomerId } from '../support/customers.js';
import { testApp } from '../support/fixtures.js';
import { csvLines, ndjson, purchase } from '../support/purchases.js';
import type { RoleKeys } from '../support/staff.js';
import type { TestApp } from '../support/test-app.js';
import { shopperToken } from '../support/tokens.js';
import { waitFor } from '../support/wait.js';

const DAY = 86_400_000;

/**
 * What ingest refuses rather than stores: the orders of a customer erased at their request (the
 * suppression list), and orders already past RETENTION_PURCHASE_DAYS. Single, bulk NDJSON and CSV.
 */
describe('ingest refusals', () => {
  const app = testApp().withEnv({ ERASURE_SECOND_PASS_DELAY_MS: '1000', RETENTION_PURCHASE_DAYS: '30' }).withRoleKeys().withDatabase();
  let t: TestApp;
  let keys: RoleKeys;
  let db: pg.Pool;

  beforeAll(async () => {
    ({ t, keys, db } = await app.start());
  }, 60_000);
  afterAll(() => app.close());

  const bulk = (body: string) =>
    t.http.post('/v1/purchases/bulk').set('X-Api-Key', keys.ingest).set('Content-Type', 'application/x-ndjson').send(body).expect(200);
  const csv = (text: string) => t.app.get(PurchaseImportService).importStream(Readable.from([text]), { format: 'csv' });
  const counts = async (orderIds: string[]) =>
    (
      await db.query(
        `SELECT (SELECT count(*) FROM orders WHERE order_id = ANY($1))::int AS orders,
                (SELECT count(*) FROM order_lines WHERE order_id = ANY($1))::int AS lines,
                (SELECT count(*) FROM shoppers)::int AS shoppers, (SELECT count(*) FROM identity_index)::int AS identities`,
        [orderIds],
      )
    ).rows[0] as Record<string, number>;
  const suppressions = async () => Number((await db.query('SELECT count(*) AS n FROM suppressed_identities')).rows[0].n);

  it('refuses the re-sent orders of a customer erased at their request, storing nothing and creating no shopper', async () => {
    const customerId = newCustomerId();
    const first = purchase({ customerId });
    await t.http.post('/v1/purchases').set('X-Api-Key', keys.ingest).send(first).expect(201);
    const before = await suppressions();
    const auth = `Bearer ${await shopperToken({ sub: customerId })}`;
    const requestId = (await t.http.delete('/v1/me').set('Authorization', auth).expect(202)).body.requestId as string;
    await waitFor(async () =>
      (await db.query('SELECT status, pseudonym FROM erasure_requests WHERE id = $1', [requestId])).rows.find(
        (r: { status: string; pseudonym: string | null }) => r.status === 'done' && r.pseudonym === null,
      ),
    );
    // One entry, keyed by the lookup only: no pseudonym, no customer id.
    expect(await suppressions()).toBe(before + 1);
    const columns = (await db.query("SELECT column_name FROM information_schema.columns WHERE table_name = 'suppressed_identities'")).rows;
    expect(columns.map((c: { column_name: string }) => c.column_name).sort()).toEqual(['key_version', 'lookup', 'reason', 'since']);

    const again = [first, purchase({ customerId }), purchase({ customerId: ` ${customerId}` })];
    const orderIds = again.map((p) => p.orderId);
    const stored = await counts(orderIds);
    expect(stored).toMatchObject({ orders: 0, lines: 0 });
    const single = await t.http.post('/v1/purchases').set('X-Api-Key', keys.ingest).send(again[1]).expect(409);
    expect(single.body).toMatchObject({ statusCode: 409, code: 'CUSTOMER_SUPPRESSED' });
    expect(JSON.stringify(single.body)).not.toContain(customerId);
    const other = purchase();
    const report = (await bulk(ndjson([again[0], other, again[2]]))).body as Record<string, unknown>;
    expect(report).toMatchObject({ accepted: 1, rejectedCount: 2 });
    expect(report.rejected).toEqual([
      { line: 1, code: 'CUSTOMER_SUPPRESSED', message: expect.not.stringContaining(customerId) as unknown },
      { line: 3, code: 'CUSTOMER_SUPPRESSED', message: expect.any(String) as unknown },
    ]);
    const fromCsv = await csv([...csvLines(again[1]), ...csvLines(purchase())].join('\n') + '\n');
    expect(fromCsv).toMatchObject({ accepted: 1, rejectedCount: 2 });
    expect(fromCsv.rejected.map((r) => r.code)).toEqual(['CUSTOMER_SUPPRESSED', 'CUSTOMER_SUPPRESSED']);
    // Nothing of theirs stored, and no shopper nor identity created for them (the two others only).
    expect(await counts(orderIds)).toEqual({ ...stored, shoppers: stored.shoppers + 2, identities: stored.identities + 2 });

    // Signing in again is the customer coming back: a new shopper, whose orders are welcome.
    await t.http.get('/v1/me/data').set('Authorization', auth).expect(200);
    expect(await suppressions()).toBe(before);
    await t.http.post('/v1/purchases').set('X-Api-Key', keys.ingest).send(again[1]).expect(201);
  }, 30_000);

  it('keeps no suppression after an erasure by retention: the customer is simply new next time', async () => {
    const customerId = newCustomerId();
    await t.http.post('/v1/purchases').set('X-Api-Key', keys.ingest).send(purchase({ customerId })).expect(201);
    const pseudonym = (await t.app.get(IdentityService).lookup(customerId)) as string;
    const before = await suppressions();
    const request = await t.app.get(ErasureService).requestForRetention(pseudonym);
    await waitFor(async () =>
      (await db.query('SELECT status, pseudonym FROM erasure_requests WHERE id = $1', [request.id])).rows.find(
        (r: { status: string; pseudonym: string | null }) => r.status === 'done' && r.pseudonym === null,
      ),
    );
    expect(await suppressions()).toBe(before);
    await t.http.post('/v1/purchases').set('X-Api-Key', keys.ingest).send(purchase({ customerId })).expect(201);
  }, 30_000);

  it('refuses purchases already past RETENTION_PURCHASE_DAYS, single, bulk and CSV, without storing them', async () => {
    const old = (over = {}) => purchase({ purchasedAt: new Date(Date.now() - 31 * DAY).toISOString(), ...over });
    const customerId = newCustomerId();
    const single = old({ customerId });
    const before = await counts([single.orderId]);
    const res = await t.http.post('/v1/purchases').set('X-Api-Key', keys.ingest).send(single).expect(400);
    expect(res.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ field: 'purchasedAt', message: expect.stringContaining('retention') }],
    });
    // Refused before the customer id is pseudonymized: no shopper for them either.
    expect(await counts([single.orderId])).toEqual(before);

    const recent = purchase({ purchasedAt: new Date(Date.now() - 29 * DAY).toISOString() });
    const tooOld = old();
    const report = (await bulk(ndjson([tooOld, recent]))).body as Record<string, unknown>;
    expect(report).toMatchObject({ accepted: 1, rejectedCount: 1 });
    expect(report.rejected).toEqual([{ line: 1, code: 'RETENTION_EXPIRED', message: expect.stringContaining('purchasedAt') as unknown }]);
    const csvOld = old();
    const fromCsv = await csv([...csvLines(csvOld), ...csvLines(purchase())].join('\n') + '\n');
    expect(fromCsv).toMatchObject({ accepted: 1, rejectedCount: 2 });
    expect(fromCsv.rejected.map((r) => r.code)).toEqual(['RETENTION_EXPIRED', 'RETENTION_EXPIRED']);
    expect(await counts([tooOld.orderId, csvOld.orderId])).toMatchObject({ orders: 0, lines: 0 });
  });
});
