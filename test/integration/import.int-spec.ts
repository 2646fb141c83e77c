import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { AppConfig } from '../../src/config/app-config.js';
import { IdentityService } from '../../src/modules/identity/identity.service.js';
import { PurchaseImportService } from '../../src/modules/purchases/import/purchase-import.service.js';
import { PurchasesDatabase } from '../../src/modules/purchases/purchases.database.js';
import { PurchasesService } from '../../src/modules/purchases/purchases.service.js';
import { newCustomerId } from '../support/customers.js';
import { withEnv } from '../support/env.js';
import { csvLines, ndjson, purchase } from '../support/purchases.js';
import { startTestContext } from '../support/test-context.js';

describe('purchase import from files (PostgreSQL)', () => {
  let ctx: INestApplicationContext;
  let imports: PurchaseImportService;
  let db: PurchasesDatabase;
  let dir: string;
  // Purchases of 2021 for the partition tests: the door refuses what retention would purge.
  const restoreEnv = withEnv({ RETENTION_PURCHASE_DAYS: '36500' });

  beforeAll(async () => {
    ctx = await startTestContext();
    imports = ctx.get(PurchaseImportService);
    db = ctx.get(PurchasesDatabase);
    Object.assign(ctx.get(AppConfig).purchases, { importBatchOrders: 3 });
    dir = await mkdtemp(join(tmpdir(), 'panier-import-'));
  });
  afterAll(async () => {
    await ctx.close();
    restoreEnv();
    await rm(dir, { recursive: true, force: true });
  });

  const file = async (name: string, text: string) => {
    const path = join(dir, name);
    await writeFile(path, text);
    return path;
  };
  const importFile = (path: string, format: 'csv' | 'ndjson') =>
    imports.importStream(createReadStream(path, { highWaterMark: 256 }), { format });
  const lineCount = async (orderIds: string[]) =>
    Number(
      (await db.pool.query('SELECT coalesce(sum(cardinality(skus)), 0) AS n FROM order_lines WHERE order_id = ANY($1)', [orderIds])).rows[0]
        .n,
    );

  it('loads CSV, a bad line rejecting its whole order, and adds nothing the second time', async () => {
    const good = Array.from({ length: 7 }, () =>
      purchase({
        items: [
          { sku: 'a', quantity: 1, unitPriceCents: 120 },
          { sku: 'b', quantity: 2 },
        ],
      }),
    );
    const bad = purchase({
      items: [
        { sku: 'x', quantity: 1 },
        { sku: 'y', quantity: 1 },
      ],
    });
    const badLines = csvLines(bad);
    badLines[0] = badLines[0].replace(',store,', ',teleport,');
    const lines = [...csvLines(good[0]), ...csvLines(good[1]), ...badLines, ...good.slice(2).flatMap(csvLines)];
    const path = await file('purchases.csv', lines.join('\r\n') + '\r\n');

    const first = await importFile(path, 'csv');
    expect(first).toMatchObject({ accepted: 7, duplicates: 0, rejectedCount: 2, lines: 16, acceptedLines: 14 });
    expect(first.rejected).toEqual([
      { line: 5, code: 'VALIDATION_FAILED', message: 'channel: must be one of store, online' },
      { line: 6, code: 'VALIDATION_FAILED', message: 'customerId, purchasedAt and channel must be the same on every line of an order' },
    ]);
    expect(first.batches).toBeGreaterThan(1);
    expect(await lineCount(good.map((p) => p.orderId))).toBe(14);
    expect(await lineCount([bad.orderId])).toBe(0);

    const second = await importFile(path, 'csv');
    expect(second).toMatchObject({ accepted: 0, duplicates: 7, rejectedCount: 2 });
    expect(await lineCount(good.map((p) => p.orderId))).toBe(14);
  });

  it('loads NDJSON from disk, reporting conflicts with existing orders', async () => {
    const records = Array.from({ length: 5 }, () => purchase());
    await importFile(await file('a.ndjson', ndjson(records)), 'ndjson');
    const changed = records.map((r, k) => (k === 2 ? { ...r, customerId: newCustomerId() } : r));
    const report = await importFile(await file('b.ndjson', ndjson(changed)), 'ndjson');
    expect(report).toMatchObject({ accepted: 0, duplicates: 4, rejectedCount: 1, rejected: [{ line: 3, code: 'CONFLICT' }] });
  });

  it('stores skus that the array syntax and COPY must escape, and reads them back as sent', async () => {
    const skus = ['a,b', '{braces}', 'say "hi"', 'back\\slash', 'NULL', 'two words', 'crème brûlée', 'plain'];
    const record = purchase({
      items: skus.map((sku, k) => (k % 2 ? { sku, quantity: k + 1 } : { sku, quantity: k + 1, unitPriceCents: 100 + k })),
    });
    const report = await importFile(await file('escapes.ndjson', ndjson([record])), 'ndjson');
    expect(report).toMatchObject({ accepted: 1, rejectedCount: 0 });
    const { rows } = await db.pool.query<{ sku: string; quantity: number; price: number | null }>(
      `SELECT u.sku, u.quantity, u.price FROM order_lines, unnest(skus, quantities, unit_price_cents) AS u(sku, quantity, price)
       WHERE order_id = $1`,
      [record.orderId],
    );
    const stored = new Map(rows.map((r) => [r.sku, r]));
    expect([...stored.keys()].sort()).toEqual([...skus].sort());
    skus.forEach((sku, k) => expect(stored.get(sku)).toEqual({ sku, quantity: k + 1, price: k % 2 ? null : 100 + k }));
  });

  it('pseudonymizes in bulk to the same pseudonyms as one at a time', async () => {
    const identity = ctx.get(IdentityService);
    const known = newCustomerId();
    const before = await identity.resolve(known);
    const fresh = [newCustomerId(), newCustomerId()];
    const { pseudonyms: resolved } = await identity.resolveMany([known, ...fresh, ` ${fresh[0]} `]);
    expect(resolved.get(known)).toBe(before);
    expect(resolved.get(` ${fresh[0]} `)).toBe(resolved.get(fresh[0]));
    for (const id of fresh) expect(await identity.resolve(id)).toBe(resolved.get(id));
    expect(new Set(resolved.values()).size).toBe(3);
  });

  it('stores lines in monthly partitions created on demand, and retention drops whole months', async () => {
    const old = purchase({ purchasedAt: '2021-03-10T08:00:00Z' });
    const straddling = purchase({ purchasedAt: '2021-04-20T08:00:00Z' });
    const kept = purchase({ purchasedAt: '2021-04-28T08:00:00Z' });
    await importFile(await file('months.ndjson', ndjson([old, straddling, kept])), 'ndjson');
    const { rows } = await db.pool.query<{ part: string; order_id: string }>(
      'SELECT tableoid::regclass::text AS part, order_id FROM order_lines WHERE order_id = ANY($1) ORDER BY order_id',
      [[old.orderId, straddling.orderId, kept.orderId]],
    );
    expect(new Set(rows.map((r) => r.part))).toEqual(new Set(['order_lines_2021_03', 'order_lines_2021_04']));

    const purged = await ctx.get(PurchasesService).purgeOlderThan(new Date('2021-04-25T00:00:00Z'));
    expect(purged.droppedPartitions).toBeGreaterThanOrEqual(1);
    expect(purged.deletedLines).toBe(2);
    expect(await lineCount([old.orderId, straddling.orderId])).toBe(0);
    expect(await lineCount([kept.orderId])).toBe(2);
    const orders = await db.pool.query('SELECT order_id FROM orders WHERE order_id = ANY($1)', [
      [old.orderId, straddling.orderId, kept.orderId],
    ]);
    expect(orders.rows.map((r) => r.order_id)).toEqual([kept.orderId]);
  });

  it('erases every order and line of one shopper', async () => {
    const customerId = newCustomerId();
    const mine = [purchase({ customerId }), purchase({ customerId, purchasedAt: '2025-12-31T23:59:59Z' })];
    const other = purchase();
    await importFile(await file('erase.ndjson', ndjson([...mine, other])), 'ndjson');
    const pseudonym = (await ctx.get(IdentityService).lookup(customerId)) as string;
    expect(await ctx.get(PurchasesService).eraseShopper(pseudonym)).toEqual({ orders: 2, lines: 4 });
    expect(await ctx.get(PurchasesService).listForShopper(pseudonym)).toEqual([]);
    expect(await lineCount([other.orderId])).toBe(2);
  });
});
