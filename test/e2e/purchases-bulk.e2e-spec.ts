import { gzipSync } from 'node:zlib';
import { AppConfig } from '../../src/config/app-config.js';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { OrdersRecordedEvent, type RecordedOrder } from '../../src/modules/purchases/orders-recorded.event.js';
import { PurchasesDatabase } from '../../src/modules/purchases/purchases.database.js';
import { testApp } from '../support/fixtures.js';
import { ndjson, purchase } from '../support/purchases.js';
import type { RoleKeys } from '../support/staff.js';
import type { TestApp } from '../support/test-app.js';

describe('POST /v1/purchases/bulk', () => {
  const app = testApp().withRoleKeys();
  let t: TestApp;
  let keys: RoleKeys;
  let db: PurchasesDatabase;
  const recorded: RecordedOrder[] = [];

  beforeAll(async () => {
    ({ t, keys } = await app.start());
    db = t.app.get(PurchasesDatabase);
    // Small batches, so that a few records already cross batch boundaries (and the pipelining).
    Object.assign(t.app.get(AppConfig).purchases, { importBatchOrders: 2 });
    t.app.get(EventEmitter2).on(OrdersRecordedEvent.key, ({ orders }: OrdersRecordedEvent) => void recorded.push(...orders));
  });
  afterAll(() => app.close());

  const bulk = (body: string, type = 'application/x-ndjson', key = keys.ingest) =>
    t.http.post('/v1/purchases/bulk').set('X-Api-Key', key).set('Content-Type', type).send(body);
  const orderCount = async (orderIds: string[]) =>
    Number((await db.pool.query('SELECT count(*) FROM orders WHERE order_id = ANY($1)', [orderIds])).rows[0].count);
  /** Stored items (an order_lines row holds an order's lines as arrays). */
  const lineCount = async (orderIds: string[]) =>
    Number(
      (await db.pool.query('SELECT coalesce(sum(cardinality(skus)), 0) AS n FROM order_lines WHERE order_id = ANY($1)', [orderIds])).rows[0]
        .n,
    );

  it('keeps every valid record, reports each bad line by number, and stores nothing of a bad one', async () => {
    const good = [purchase(), purchase(), purchase(), purchase()];
    const badItem = purchase({
      items: [
        { sku: 'tea', quantity: 1 },
        { sku: 'milk', quantity: -1 },
      ],
    });
    const lines = [good[0], good[1], '{"customerId": "oops"', badItem, '', good[2], { ...purchase(), channel: 'drone' }, good[3]];
    const res = await bulk(ndjson(lines)).expect(200);
    expect(res.body).toEqual({
      accepted: 4,
      duplicates: 0,
      rejected: [
        { line: 3, code: 'VALIDATION_FAILED', message: 'malformed JSON' },
        { line: 4, code: 'VALIDATION_FAILED', message: 'items.1.quantity: must be >= 1' },
        { line: 7, code: 'VALIDATION_FAILED', message: 'channel: must be one of store, online' },
      ],
      rejectedCount: 3,
      lines: 8,
    });
    expect(await orderCount(good.map((p) => p.orderId))).toBe(4);
    expect(await lineCount(good.map((p) => p.orderId))).toBe(8);
    expect(await orderCount([badItem.orderId])).toBe(0);
    expect(await lineCount([badItem.orderId])).toBe(0);
    expect(recorded.filter((o) => good.some((p) => p.orderId === o.orderId))).toHaveLength(4);
  });

  it('adds nothing when the same body comes again, and rejects conflicting orders with CONFLICT', async () => {
    const records = [purchase(), purchase(), purchase()];
    const body = ndjson(records);
    await bulk(body).expect(200);
    const before = recorded.length;
    const again = await bulk(body).expect(200);
    expect(again.body).toMatchObject({ accepted: 0, duplicates: 3, rejectedCount: 0 });
    expect(recorded.length).toBe(before);
    const conflicting = { ...records[1], items: [{ sku: 'caviar', quantity: 1 }] };
    const res = await bulk(ndjson([records[0], conflicting, purchase()])).expect(200);
    expect(res.body).toMatchObject({ accepted: 1, duplicates: 1, rejectedCount: 1 });
    expect(res.body.rejected).toEqual([{ line: 2, code: 'CONFLICT', message: expect.stringContaining(records[1].orderId) }]);
    expect(await lineCount([records[1].orderId])).toBe(2);
  });

  it('settles an orderId repeated within one body: same content duplicate, other content conflict', async () => {
    const p = purchase();
    const res = await bulk(ndjson([p, p, { ...p, items: [{ sku: 'other', quantity: 1 }] }])).expect(200);
    expect(res.body).toMatchObject({ accepted: 1, duplicates: 1, rejectedCount: 1, rejected: [{ line: 3, code: 'CONFLICT' }] });
  });

  it('fills in prices on duplicates', async () => {
    const p = purchase();
    await bulk(ndjson([p])).expect(200);
    const priced = { ...p, items: p.items.map((i) => ({ ...i, unitPriceCents: 250 })) };
    await bulk(ndjson([priced])).expect(200);
    const { rows } = await db.pool.query('SELECT unit_price_cents FROM order_lines WHERE order_id = $1', [p.orderId]);
    expect(rows.map((r) => r.unit_price_cents)).toEqual([[250, 250]]);
  });

  it('limits each line, not the body, and rejects only the over-long line', async () => {
    const huge = JSON.stringify({ ...purchase(), storeId: 'x'.repeat(70 * 1024) });
    const records = Array.from({ length: 30 }, () => purchase());
    const res = await bulk(ndjson([records[0], huge, ...records.slice(1)])).expect(200);
    expect(res.body).toMatchObject({ accepted: 30, rejectedCount: 1, rejected: [{ line: 2, code: 'PAYLOAD_TOO_LARGE' }] });
  });

  it('refuses other media types and other roles', async () => {
    for (const type of ['text/plain', 'text/csv', 'application/json']) {
      const res = await bulk(ndjson([purchase()]), type).expect(415);
      expect(res.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    }
    await bulk(ndjson([purchase()]), 'application/x-ndjson', keys.marketer).expect(403);
    // A compressed body is refused whole rather than rejected line by line as malformed JSON.
    const gzipped = gzipSync(ndjson([purchase()]));
    const zipped = await t.http
      .post('/v1/purchases/bulk')
      .set('X-Api-Key', keys.ingest)
      .set('Content-Type', 'application/x-ndjson')
      .set('Content-Encoding', 'gzip')
      .send(gzipped)
      .expect(415);
    expect(zipped.body).toMatchObject({
      code: 'UNSUPPORTED_MEDIA_TYPE',
      message: 'Content-Encoding gzip is not accepted: send the purchases uncompressed',
    });
  });

  it('reads a file saved with a byte-order mark from its first line', async () => {
    const first = purchase();
    const res = await bulk(`\uFEFF${ndjson([first, purchase()])}`).expect(200);
    expect(res.body).toMatchObject({ accepted: 2, rejectedCount: 0 });
    expect(await orderCount([first.orderId])).toBe(1);
  });
});
