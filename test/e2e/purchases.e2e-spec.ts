import { IdentityService } from '../../src/modules/identity/identity.service.js';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { OrdersRecordedEvent, type RecordedOrder } from '../../src/modules/purchases/orders-recorded.event.js';
import { PurchasesDatabase } from '../../src/modules/purchases/purchases.database.js';
import { PurchasesService } from '../../src/modules/purchases/purchases.service.js';
import { newCustomerId } from '../support/customers.js';
import { newOrderId, purchase } from '../support/purchases.js';
import { createRoleKeys } from '../support/staff.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('POST /v1/purchases', () => {
  let t: TestApp;
  let keys: Awaited<ReturnType<typeof createRoleKeys>>;
  let db: PurchasesDatabase;
  const recorded: RecordedOrder[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    keys = await createRoleKeys(t);
    db = t.app.get(PurchasesDatabase);
    t.app.get(EventEmitter2).on(OrdersRecordedEvent.key, ({ orders }: OrdersRecordedEvent) => void recorded.push(...orders));
  });
  afterAll(() => t.close());

  const post = (body: object, key = keys.ingest) => t.http.post('/v1/purchases').set('X-Api-Key', key).send(body);
  const storedOrders = async (orderId: string) => (await db.pool.query('SELECT * FROM orders WHERE order_id = $1', [orderId])).rows;
  const storedLines = async (orderId: string) =>
    (
      await db.pool.query(
        `SELECT u.sku, u.quantity, u.unit_price_cents
         FROM order_lines, unnest(skus, quantities, unit_price_cents) WITH ORDINALITY AS u(sku, quantity, unit_price_cents, n)
         WHERE order_id = $1 ORDER BY n`,
        [orderId],
      )
    ).rows;

  it('records a purchase once: 201 created, then 200 duplicate filling in missing prices', async () => {
    const body = purchase();
    await post(body).expect(201, { orderId: body.orderId, status: 'created' });
    const priced = { ...body, storeId: 'store-12', items: body.items.map((i, k) => ({ ...i, unitPriceCents: 100 + k })).reverse() };
    await post(priced).expect(200, { orderId: body.orderId, status: 'duplicate' });
    await post(priced).expect(200, { orderId: body.orderId, status: 'duplicate' });
    expect(await storedLines(body.orderId)).toEqual([
      { sku: 'bread', quantity: 1, unit_price_cents: 101 },
      { sku: 'milk-1l', quantity: 2, unit_price_cents: 100 },
    ]);
    const [order] = await storedOrders(body.orderId);
    expect(order.store_id).toBe('store-12');
    expect(recorded.filter((o) => o.orderId === body.orderId)).toEqual([
      { pseudonym: order.pseudonym, orderId: body.orderId, purchasedAt: new Date(body.purchasedAt), skus: ['bread', 'milk-1l'] },
    ]);
  });

  it('replays the first answer for the same Idempotency-Key', async () => {
    const body = purchase();
    const first = await post(body).set('Idempotency-Key', `k-${body.orderId}`).expect(201);
    const again = await post(body).set('Idempotency-Key', `k-${body.orderId}`).expect(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    await post({ ...body, items: [{ sku: 'tea', quantity: 1 }] })
      .set('Idempotency-Key', `k-${body.orderId}`)
      .expect(409);
  });

  it('refuses anything else under a known orderId with 409, changing nothing', async () => {
    const body = purchase();
    await post(body).expect(201);
    const otherItems = await post({ ...body, items: [{ sku: 'milk-1l', quantity: 3 }] }).expect(409);
    expect(otherItems.body).toMatchObject({ statusCode: 409, code: 'CONFLICT' });
    await post({ ...body, customerId: newCustomerId() }).expect(409);
    expect(await storedLines(body.orderId)).toHaveLength(2);
  });

  it('stores only the pseudonym, never the customer id', async () => {
    const body = purchase();
    await post(body).expect(201);
    const pseudonym = await t.app.get(IdentityService).lookup(body.customerId);
    const { rows } = await db.pool.query(
      `SELECT row_to_json(o)::text || (SELECT json_agg(l)::text FROM order_lines l WHERE l.order_id = o.order_id) AS dump FROM orders o WHERE order_id = $1`,
      [body.orderId],
    );
    expect(rows[0].dump).toContain(pseudonym);
    expect(rows[0].dump.toLowerCase()).not.toContain(body.customerId.toLowerCase());
  });

  it('refuses a malformed purchase whole, naming the field, and stores nothing of it', async () => {
    const body = purchase({
      items: [
        { sku: 'tea', quantity: 1 },
        { sku: 'milk', quantity: 0 },
      ],
    });
    const res = await post(body).expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'items.1.quantity' })]));
    expect(await storedOrders(body.orderId)).toEqual([]);
    expect(await storedLines(body.orderId)).toEqual([]);
    expect(await t.app.get(IdentityService).lookup(body.customerId)).toBeUndefined();
  });

  it('checks bounds and dates', async () => {
    const cases: Array<[object, string]> = [
      [purchase({ purchasedAt: new Date(Date.now() + 3_600_000).toISOString() }), 'purchasedAt'],
      [purchase({ purchasedAt: '2026-11-29 10:00' }), 'purchasedAt'],
      [purchase({ items: [] }), 'items'],
      [purchase({ items: Array.from({ length: 501 }, (_, k) => ({ sku: `s${k}`, quantity: 1 })) }), 'items'],
      [purchase({ items: [{ sku: 'x'.repeat(65), quantity: 1 }] }), 'items.0.sku'],
      [purchase({ items: [{ sku: 'tea', quantity: 1.5 }] }), 'items.0.quantity'],
      [{ ...purchase(), channel: 'phone' }, 'channel'],
      [{ ...purchase(), surprise: true }, 'surprise'],
    ];
    for (const [body, field] of cases) {
      const res = await post(body).expect(400);
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    }
  });

  it('accepts skus unknown to the catalog, and is for ingest (and admin) keys only', async () => {
    await post(purchase({ items: [{ sku: 'never-heard-of-it', quantity: 1 }] })).expect(201);
    await post(purchase(), t.adminKey).expect(201);
    await post(purchase(), keys.marketer).expect(403);
    await post(purchase(), keys.privacy).expect(403);
    await t.http.post('/v1/purchases').send(purchase()).expect(401);
  });

  it('lists a shopper history newest first, and records cart checkouts through the same path', async () => {
    const customerId = newCustomerId();
    const older = purchase({ customerId, purchasedAt: '2026-01-15T09:00:00Z' });
    const newer = purchase({
      customerId,
      purchasedAt: '2026-03-02T18:30:00+01:00',
      items: [{ sku: 'tea', quantity: 1, unitPriceCents: 350 }],
    });
    await post(older).expect(201);
    await post(newer).expect(201);
    const pseudonym = (await t.app.get(IdentityService).lookup(customerId)) as string;
    const purchases = t.app.get(PurchasesService);
    const orderId = newOrderId();
    expect(await purchases.recordOnlineCheckout(pseudonym, orderId, [{ sku: 'coffee', quantity: 2 }])).toBe('created');
    expect(await purchases.recordOnlineCheckout(pseudonym, orderId, [{ sku: 'coffee', quantity: 2 }])).toBe('duplicate');
    await expect(purchases.recordOnlineCheckout(pseudonym, orderId, [{ sku: 'coffee', quantity: 1 }])).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    const history = await purchases.listForShopper(pseudonym);
    expect(history.map((p) => p.orderId)).toEqual([orderId, newer.orderId, older.orderId]);
    expect(history[1]).toMatchObject({
      channel: 'store',
      purchasedAt: new Date('2026-03-02T17:30:00Z'),
      items: [{ sku: 'tea', quantity: 1, unitPriceCents: 350 }],
    });
    expect(history[0].channel).toBe('online');
    expect(await purchases.listForShopper(pseudonym, 1)).toHaveLength(1);
  });
});
