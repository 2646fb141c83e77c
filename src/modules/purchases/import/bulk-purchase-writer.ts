import { Readable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { pipeline } from 'node:stream/promises';
import { Injectable } from '@nestjs/common';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { CopyWriter, escapeCopy, needsEscape } from '../domain/copy-text.js';
import { countUnpriced } from '../domain/items-hash.js';
import type { OrderOutcome } from '../domain/order-batch.js';
import type { PseudonymousOrder } from '../domain/order.js';
import { PurchasesDatabase } from '../purchases-database.js';

/** Time spent in the database per batch, for the import's stage figures. */
export interface WriteTimings {
  copyMs: number;
  mergeMs: number;
}

/** A batch encoded for COPY ahead of its transaction, so that encoding overlaps the previous merge. */
export interface EncodedBatch {
  orders: PseudonymousOrder[];
  ordersCopy: Buffer[];
  linesCopy: Buffer[];
  /** CPU time spent encoding (turns given to the event loop excluded). */
  encodeMs: number;
}

/** Orders encoded between two turns of the event loop, which meanwhile feeds the COPY in progress. */
const ENCODE_SLICE = 500;

const STAGING_DDL = `
  CREATE TEMP TABLE IF NOT EXISTS panier_staged_orders (
    order_id TEXT COLLATE "C" NOT NULL, pseudonym UUID NOT NULL, purchased_at TIMESTAMPTZ NOT NULL,
    channel TEXT NOT NULL, store_id TEXT, items_hash TEXT NOT NULL, line_count INTEGER NOT NULL, unpriced_lines INTEGER NOT NULL
  ) ON COMMIT DELETE ROWS;
  CREATE TEMP TABLE IF NOT EXISTS panier_staged_prices (
    order_id TEXT COLLATE "C" NOT NULL, line_no SMALLINT NOT NULL, unit_price_cents INTEGER NOT NULL
  ) ON COMMIT DELETE ROWS`;

const LINE_COLUMNS = 'purchase_lines (purchased_at, pseudonym, order_id, line_no, sku, quantity, unit_price_cents)';

/**
 * The bulk path: per batch, one transaction that COPYs the orders into a temporary staging table,
 * merges them into `orders` with one INSERT … ON CONFLICT DO NOTHING, COPYs the lines of the orders
 * that were new straight into the partitioned `purchase_lines`, and settles the others as
 * duplicates (same shopper and items hash: missing store ids and prices filled in) or conflicts.
 * Lines are written once (not staged then copied), which halves the work on the biggest table.
 */
@Injectable()
export class BulkPurchaseWriter {
  constructor(private readonly db: PurchasesDatabase) {}

  async encode(orders: PseudonymousOrder[]): Promise<EncodedBatch> {
    const ordersBuffer = new CopyWriter();
    const linesBuffer = new CopyWriter();
    let encodeMs = 0;
    for (let i = 0; i < orders.length; i += ENCODE_SLICE) {
      const start = performance.now();
      const slice = orders.slice(i, i + ENCODE_SLICE);
      encodeOrders(slice, ordersBuffer);
      encodeLines(slice, linesBuffer);
      encodeMs += performance.now() - start;
      await nextTurn();
    }
    return { orders, ordersCopy: ordersBuffer.finish(), linesCopy: linesBuffer.finish(), encodeMs };
  }

  /** Writes the batch; outcomes are aligned with `batch.orders`. */
  async write(batch: EncodedBatch): Promise<{ outcomes: OrderOutcome[]; timings: WriteTimings }> {
    const timings: WriteTimings = { copyMs: 0, mergeMs: 0 };
    const timed = async <T>(stage: keyof WriteTimings, work: () => Promise<T>): Promise<T> => {
      const start = performance.now();
      try {
        return await work();
      } finally {
        timings[stage] += performance.now() - start;
      }
    };
    await timed('mergeMs', () => this.db.ensureMonths(batch.orders.map((o) => o.purchasedAt)));
    const outcomes = await this.db.transaction(async (client) => {
      await timed('mergeMs', () => this.prepare(client));
      await timed('copyMs', () => copyIn(client, 'panier_staged_orders', batch.ordersCopy));
      const created = await timed('mergeMs', () => mergeOrders(client));
      const allNew = created.size === batch.orders.length;
      const lines = allNew
        ? batch.linesCopy
        : encodeLines(
            batch.orders.filter((o) => created.has(o.orderId)),
            new CopyWriter(),
          ).finish();
      await timed('copyMs', () => copyIn(client, LINE_COLUMNS, lines));
      if (allNew) return batch.orders.map((): OrderOutcome => 'created');
      return timed('mergeMs', () => settleExisting(client, batch.orders, created));
    });
    return { outcomes, timings };
  }

  private async prepare(client: pg.PoolClient): Promise<void> {
    // JIT compilation costs more than it saves on these simple, large statements.
    await client.query('SET LOCAL jit = off');
    // Every time, not once per connection: a rolled-back first batch would take the tables with it.
    await client.query(STAGING_DDL);
  }
}

async function copyIn(client: pg.PoolClient, target: string, chunks: Buffer[]): Promise<void> {
  if (chunks.length === 0) return;
  await pipeline(Readable.from(chunks), client.query(copyFrom(`COPY ${target} FROM STDIN`)));
}

/** Inserts the staged orders that are new; returns their ids. */
async function mergeOrders(client: pg.PoolClient): Promise<Set<string>> {
  const { rows } = await client.query<{ order_id: string }>(
    `INSERT INTO orders (order_id, pseudonym, purchased_at, channel, store_id, items_hash, line_count, unpriced_lines)
     SELECT order_id, pseudonym, purchased_at, channel, store_id, items_hash, line_count, unpriced_lines FROM panier_staged_orders
     ORDER BY order_id -- two imports with common orders then take their locks in the same order: no deadlock
     ON CONFLICT (order_id) DO NOTHING
     RETURNING order_id`,
  );
  return new Set(rows.map((r) => r.order_id));
}

/**
 * Orders that already existed: duplicates when shopper and items match (then fill in what was
 * missing), conflicts otherwise. A row locked or inserted by a concurrent import is seen once it
 * commits (ON CONFLICT waited for it).
 */
async function settleExisting(client: pg.PoolClient, orders: PseudonymousOrder[], created: Set<string>): Promise<OrderOutcome[]> {
  const existing = orders.filter((o) => !created.has(o.orderId)).map((o) => o.orderId);
  const { rows } = await client.query<{ order_id: string; unpriced: boolean }>(
    `SELECT s.order_id, o.unpriced_lines > 0 AS unpriced FROM panier_staged_orders s JOIN orders o USING (order_id)
     WHERE s.order_id = ANY($1::text[]) AND o.pseudonym = s.pseudonym AND o.items_hash = s.items_hash`,
    [existing],
  );
  const same = new Set(rows.map((r) => r.order_id));
  const unpriced = new Set(rows.filter((r) => r.unpriced).map((r) => r.order_id));
  await fillInStores(
    client,
    orders.filter((o) => same.has(o.orderId) && o.storeId !== null),
  );
  await fillInPrices(
    client,
    orders.filter((o) => unpriced.has(o.orderId) && o.items.some((i) => i.unitPriceCents !== null)),
  );
  return orders.map((o) => (created.has(o.orderId) ? 'created' : same.has(o.orderId) ? 'duplicate' : 'conflict'));
}

async function fillInStores(client: pg.PoolClient, duplicates: PseudonymousOrder[]): Promise<void> {
  if (duplicates.length === 0) return;
  await client.query(
    `UPDATE orders o SET store_id = s.store_id FROM panier_staged_orders s
     WHERE o.order_id = s.order_id AND s.order_id = ANY($1::text[]) AND o.store_id IS NULL`,
    [duplicates.map((o) => o.orderId)],
  );
}

/** Prices of duplicates whose stored lines lack some; lines matched by canonical rank. */
async function fillInPrices(client: pg.PoolClient, duplicates: PseudonymousOrder[]): Promise<void> {
  if (duplicates.length === 0) return;
  const prices = new CopyWriter();
  for (const o of duplicates) {
    o.items.forEach((item, rank) => {
      if (item.unitPriceCents !== null) prices.text(o.orderId).int(rank).int(item.unitPriceCents).endRow();
    });
  }
  await copyIn(client, 'panier_staged_prices', prices.finish());
  // Lines are found through the shopper's (pseudonym, purchased_at) index, in one partition.
  await client.query(
    `UPDATE purchase_lines l SET unit_price_cents = p.unit_price_cents
     FROM panier_staged_prices p JOIN orders o USING (order_id)
     WHERE l.pseudonym = o.pseudonym AND l.purchased_at = o.purchased_at AND l.order_id = p.order_id
       AND l.line_no = p.line_no AND l.unit_price_cents IS NULL`,
  );
  await client.query(
    `UPDATE orders o SET unpriced_lines = (
       SELECT count(*) FROM purchase_lines l
       WHERE l.pseudonym = o.pseudonym AND l.purchased_at = o.purchased_at AND l.order_id = o.order_id AND l.unit_price_cents IS NULL)
     WHERE o.order_id = ANY($1::text[])`,
    [duplicates.map((o) => o.orderId)],
  );
}

function encodeOrders(orders: PseudonymousOrder[], out: CopyWriter): void {
  for (const o of orders) {
    out.text(o.orderId).text(o.pseudonym).text(o.purchasedAt.toISOString()).text(o.channel).nullableText(o.storeId).text(o.itemsHash);
    out.int(o.items.length).int(countUnpriced(o.items)).endRow();
  }
}

/** One row per item; the columns shared by an order's rows are encoded once per order. */
function encodeLines(orders: PseudonymousOrder[], out: CopyWriter): CopyWriter {
  for (const o of orders) {
    const orderId = needsEscape(o.orderId) ? escapeCopy(o.orderId) : o.orderId;
    const head = Buffer.from(`${o.purchasedAt.toISOString()}\t${o.pseudonym}\t${orderId}`);
    for (let rank = 0; rank < o.items.length; rank++) {
      const item = o.items[rank];
      out.bytes(head).int(rank).text(item.sku).int(item.quantity).nullableInt(item.unitPriceCents).endRow();
    }
  }
  return out;
}
