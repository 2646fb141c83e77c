import { Readable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { pipeline } from 'node:stream/promises';
import { Injectable } from '@nestjs/common';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { CopyWriter } from '../domain/copy-text.js';
import { countUnpriced } from '../domain/items-hash.js';
import type { OrderOutcome } from '../domain/order-batch.js';
import type { PseudonymousOrder } from '../domain/order.js';
import { PurchasesDatabase } from '../purchases.database.js';

/** Time spent in the database per batch, for the import's stage figures. */
export interface WriteTimings {
  copyMs: number;
  mergeMs: number;
}

/** A batch encoded for COPY ahead of its transaction, so that encoding overlaps the previous merge. */
export interface EncodedBatch {
  orders: PseudonymousOrder[];
  /** One row per order, its lines as parallel arrays (see the order_lines migration). */
  ordersCopy: Buffer[];
  /** CPU time spent encoding (turns given to the event loop excluded). */
  encodeMs: number;
}

/** Orders encoded between two turns of the event loop, which meanwhile feeds the COPY in progress. */
const ENCODE_SLICE = 1000;

const STAGED_COLUMNS =
  'order_id, pseudonym, purchased_at, channel, store_id, items_hash, line_count, unpriced_lines, skus, quantities, unit_price_cents';

const STAGING_DDL = `
  CREATE TEMP TABLE IF NOT EXISTS panier_staged_orders (
    order_id TEXT COLLATE "C" NOT NULL, pseudonym UUID NOT NULL, purchased_at TIMESTAMPTZ NOT NULL,
    channel TEXT NOT NULL, store_id TEXT, items_hash TEXT NOT NULL, line_count INTEGER NOT NULL, unpriced_lines INTEGER NOT NULL,
    skus TEXT[] COLLATE "C" NOT NULL, quantities INTEGER[] NOT NULL, unit_price_cents INTEGER[] NOT NULL
  ) ON COMMIT DELETE ROWS`;

/**
 * The bulk path: per batch, one transaction that COPYs the orders, each with its lines as arrays,
 * into a temporary staging table, then one statement that inserts the new ones into `orders`
 * (ON CONFLICT DO NOTHING) and their lines into the partitioned `order_lines`; the others are
 * settled as duplicates (same shopper and items hash: missing store ids and prices filled in) or
 * conflicts. An order is one row in each table, whatever its number of items: that is what makes
 * the load cheap for PostgreSQL.
 */
@Injectable()
export class BulkPurchaseWriter {
  constructor(private readonly db: PurchasesDatabase) {}

  async encode(orders: PseudonymousOrder[]): Promise<EncodedBatch> {
    const out = new CopyWriter();
    let encodeMs = 0;
    for (let i = 0; i < orders.length; i += ENCODE_SLICE) {
      const start = performance.now();
      encodeOrders(orders, i, Math.min(orders.length, i + ENCODE_SLICE), out);
      encodeMs += performance.now() - start;
      await nextTurn();
    }
    return { orders, ordersCopy: out.finish(), encodeMs };
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
      await timed('copyMs', () => copyIn(client, `panier_staged_orders (${STAGED_COLUMNS})`, batch.ordersCopy));
      const created = await timed('mergeMs', () => mergeOrders(client));
      if (created.size === batch.orders.length) return batch.orders.map((): OrderOutcome => 'created');
      return timed('mergeMs', () => settleExisting(client, batch.orders, created));
    });
    return { outcomes, timings };
  }

  private async prepare(client: pg.PoolClient): Promise<void> {
    // JIT compilation costs more than it saves on these simple, large statements.
    await client.query('SET LOCAL jit = off');
    // Every time, not once per connection: a rolled-back first batch would take the table with it.
    await client.query(STAGING_DDL);
  }
}

async function copyIn(client: pg.PoolClient, target: string, chunks: Buffer[]): Promise<void> {
  if (chunks.length === 0) return;
  await pipeline(Readable.from(chunks), client.query(copyFrom(`COPY ${target} FROM STDIN`)));
}

/** Inserts the staged orders that are new, and their lines; returns their ids. */
async function mergeOrders(client: pg.PoolClient): Promise<Set<string>> {
  const { rows } = await client.query<{ order_id: string }>(
    `WITH created AS (
       INSERT INTO orders (order_id, pseudonym, purchased_at, channel, store_id, items_hash, line_count, unpriced_lines)
       SELECT order_id, pseudonym, purchased_at, channel, store_id, items_hash, line_count, unpriced_lines FROM panier_staged_orders
       ORDER BY order_id -- two imports with common orders then take their locks in the same order: no deadlock
       ON CONFLICT (order_id) DO NOTHING
       RETURNING order_id
     ), lines AS (
       INSERT INTO order_lines (purchased_at, pseudonym, order_id, skus, quantities, unit_price_cents)
       SELECT s.purchased_at, s.pseudonym, s.order_id, s.skus, s.quantities, s.unit_price_cents
       FROM panier_staged_orders s JOIN created c USING (order_id)
     )
     SELECT order_id FROM created`,
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

/** The stored prices with the staged ones filling their gaps (a known price is never changed). */
const MERGED_PRICES = `ARRAY(
  SELECT coalesce(stored, given) FROM unnest(l.unit_price_cents, s.unit_price_cents) WITH ORDINALITY AS u(stored, given, n) ORDER BY n)`;
/** Prices still unknown after the merge. */
const UNPRICED_COUNT = `(SELECT count(*) FROM unnest(l.unit_price_cents, s.unit_price_cents) AS u(stored, given) WHERE stored IS NULL AND given IS NULL)::int`;

/** Prices of duplicates whose stored lines lack some, taken from the staged arrays (same canonical order). */
async function fillInPrices(client: pg.PoolClient, duplicates: PseudonymousOrder[]): Promise<void> {
  if (duplicates.length === 0) return;
  // The stored row is found through the shopper's (pseudonym, purchased_at) index, in one partition.
  await client.query(
    `WITH priced AS (
       UPDATE order_lines l SET unit_price_cents = ${MERGED_PRICES}
       FROM panier_staged_orders s JOIN orders o USING (order_id)
       WHERE s.order_id = ANY($1::text[])
         AND l.pseudonym = o.pseudonym AND l.purchased_at = o.purchased_at AND l.order_id = o.order_id
       RETURNING l.order_id, ${UNPRICED_COUNT} AS unpriced
     )
     UPDATE orders o SET unpriced_lines = p.unpriced FROM priced p WHERE o.order_id = p.order_id`,
    [duplicates.map((o) => o.orderId)],
  );
}

function encodeOrders(orders: PseudonymousOrder[], from: number, to: number, out: CopyWriter): void {
  for (let i = from; i < to; i++) {
    const o = orders[i];
    out.text(o.orderId).text(o.pseudonym).text(o.purchasedAt.toISOString()).text(o.channel).nullableText(o.storeId).text(o.itemsHash);
    out.int(o.items.length).int(countUnpriced(o.items));
    out.textArray(o.items.map((item) => item.sku));
    out.intArray(o.items.map((item) => item.quantity));
    out.intArray(o.items.map((item) => item.unitPriceCents));
    out.endRow();
  }
}
