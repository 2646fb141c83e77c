import { Injectable } from '@nestjs/common';
import type pg from 'pg';
import { countUnpriced, type OrderItem } from './domain/items-hash.js';
import type { OrderOutcome } from './domain/order-batch.js';
import type { PseudonymousOrder } from './domain/order.js';
import type { Channel } from './domain/purchase-limits.js';
import { PurchasesDatabase } from './purchases.database.js';

/** A stored order with its items, as a shopper's history shows it. */
export interface PurchaseRecord {
  orderId: string;
  purchasedAt: Date;
  channel: Channel;
  storeId: string | null;
  items: OrderItem[];
}

export interface PurgeResult {
  droppedPartitions: number;
  deletedLines: number;
  deletedOrders: number;
}

/** One order at a time (the HTTP door and the cart checkout); the bulk path is BulkPurchaseWriter. */
@Injectable()
export class PurchasesRepository {
  constructor(private readonly db: PurchasesDatabase) {}

  /**
   * Stores the order and its lines in one transaction, or recognises a re-sent one: same shopper
   * and items → duplicate (filling in a store id and prices that were missing), else conflict
   * (nothing changes).
   */
  async record(order: PseudonymousOrder): Promise<OrderOutcome> {
    await this.db.ensureMonths([order.purchasedAt]);
    return this.db.transaction(async (client) => {
      const inserted = await client.query(
        `INSERT INTO orders (order_id, pseudonym, purchased_at, channel, store_id, items_hash, line_count, unpriced_lines)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (order_id) DO NOTHING`,
        [
          order.orderId,
          order.pseudonym,
          order.purchasedAt,
          order.channel,
          order.storeId,
          order.itemsHash,
          order.items.length,
          countUnpriced(order.items),
        ],
      );
      if (inserted.rowCount === 1) {
        await insertLines(client, order);
        return 'created';
      }
      const { rows } = await client.query<{ pseudonym: string; items_hash: string; purchased_at: Date; unpriced_lines: number }>(
        'SELECT pseudonym, items_hash, purchased_at, unpriced_lines FROM orders WHERE order_id = $1 FOR UPDATE',
        [order.orderId],
      );
      const existing = rows[0];
      if (!existing || existing.pseudonym !== order.pseudonym || existing.items_hash !== order.itemsHash) return 'conflict';
      await fillIn(client, order, existing.purchased_at, existing.unpriced_lines > 0);
      return 'duplicate';
    });
  }

  /** A shopper's orders, newest first, with their items; `limit` undefined means all of them. */
  async listForShopper(pseudonym: string, limit?: number): Promise<PurchaseRecord[]> {
    return this.db.freshRead(async (client) => {
      const { rows: orders } = await client.query<{ order_id: string; purchased_at: Date; channel: Channel; store_id: string | null }>(
        `SELECT order_id, purchased_at, channel, store_id FROM orders WHERE pseudonym = $1
       ORDER BY purchased_at DESC, order_id DESC LIMIT $2`,
        [pseudonym, limit ?? null],
      );
      if (orders.length === 0) return [];
      const times = orders.map((o) => o.purchased_at.getTime());
      // The time range lets PostgreSQL visit only the partitions of those months.
      const { rows: lines } = await client.query<{
        order_id: string;
        skus: string[];
        quantities: number[];
        unit_price_cents: Array<number | null>;
      }>(
        `SELECT order_id, skus, quantities, unit_price_cents FROM order_lines
       WHERE pseudonym = $1 AND purchased_at BETWEEN $2 AND $3 AND order_id = ANY($4::text[])`,
        [pseudonym, new Date(Math.min(...times)), new Date(Math.max(...times)), orders.map((o) => o.order_id)],
      );
      const items = new Map<string, OrderItem[]>();
      for (const l of lines) {
        items.set(
          l.order_id,
          l.skus.map((sku, i) => ({ sku, quantity: l.quantities[i], unitPriceCents: l.unit_price_cents[i] })),
        );
      }
      return orders.map((o) => ({
        orderId: o.order_id,
        purchasedAt: o.purchased_at,
        channel: o.channel,
        storeId: o.store_id,
        items: items.get(o.order_id) ?? [],
      }));
    });
  }

  /** Removes every order and line of one shopper (erasure). */
  async eraseShopper(pseudonym: string): Promise<{ orders: number; lines: number }> {
    return this.db.transaction(async (client) => {
      const lines = await client.query<{ items: number }>(
        'DELETE FROM order_lines WHERE pseudonym = $1 RETURNING cardinality(skus) AS items',
        [pseudonym],
      );
      const orders = await client.query('DELETE FROM orders WHERE pseudonym = $1', [pseudonym]);
      return { orders: orders.rowCount ?? 0, lines: lines.rows.reduce((sum, r) => sum + r.items, 0) };
    });
  }

  /** Retention: drops the months wholly before `cutoff` and deletes the older rows of the rest. */
  async purgeBefore(cutoff: Date): Promise<PurgeResult> {
    const { rows } = await this.db.pool.query<{ dropped_partitions: number; deleted_lines: string; deleted_orders: string }>(
      'SELECT * FROM panier_purge_purchases_before($1)',
      [cutoff],
    );
    this.db.forgetMonths();
    const r = rows[0];
    return { droppedPartitions: r.dropped_partitions, deletedLines: Number(r.deleted_lines), deletedOrders: Number(r.deleted_orders) };
  }
}

async function insertLines(client: pg.PoolClient, order: PseudonymousOrder): Promise<void> {
  await client.query(
    `INSERT INTO order_lines (purchased_at, pseudonym, order_id, skus, quantities, unit_price_cents)
     VALUES ($1, $2, $3, $4::text[], $5::int[], $6::int[])`,
    [order.purchasedAt, order.pseudonym, order.orderId, ...columns(order.items)],
  );
}

/** A duplicate brings what was missing: a store id, unit prices (matched by canonical line rank). */
async function fillIn(client: pg.PoolClient, order: PseudonymousOrder, storedAt: Date, lacksPrices: boolean): Promise<void> {
  if (order.storeId !== null) {
    await client.query('UPDATE orders SET store_id = $2 WHERE order_id = $1 AND store_id IS NULL', [order.orderId, order.storeId]);
  }
  if (!lacksPrices || order.items.every((i) => i.unitPriceCents === null)) return;
  await client.query(
    `WITH priced AS (
       UPDATE order_lines l SET unit_price_cents = ARRAY(
         SELECT coalesce(stored, given) FROM unnest(l.unit_price_cents, $4::int[]) WITH ORDINALITY AS u(stored, given, n) ORDER BY n)
       WHERE l.pseudonym = $1 AND l.purchased_at = $2 AND l.order_id = $3
       RETURNING l.unit_price_cents
     )
     UPDATE orders SET unpriced_lines = (SELECT count(*) FROM priced, unnest(priced.unit_price_cents) AS p(price) WHERE price IS NULL)
     WHERE order_id = $3`,
    [order.pseudonym, storedAt, order.orderId, order.items.map((i) => i.unitPriceCents)],
  );
}

function columns(items: OrderItem[]): [string[], number[], Array<number | null>] {
  return [items.map((i) => i.sku), items.map((i) => i.quantity), items.map((i) => i.unitPriceCents)];
}
