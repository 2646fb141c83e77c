import { Injectable, Logger } from '@nestjs/common';
import type { PseudonymousOrder } from './domain/order.js';

/** An order that was just stored for the first time (never a duplicate or a conflict). */
export interface RecordedOrder {
  pseudonym: string;
  orderId: string;
  purchasedAt: Date;
  /** The order's skus, each once, in canonical (sorted) order. */
  skus: string[];
}

/** What wants to know about new orders (the habit profiles, later maybe campaign conversions). */
export interface PurchaseRecordedListener {
  /**
   * Called after the orders are committed, once per `POST /v1/purchases`, cart checkout, or import
   * batch (up to IMPORT_BATCH_ORDERS orders, grouped from many shoppers, not sorted). Awaited: a
   * slow listener slows ingestion down rather than letting work pile up in memory, so a listener
   * with heavy work should enqueue it. Must not throw for an order it cannot handle; if it throws
   * anyway the error is logged and the orders stay stored (they are committed), so a listener that
   * must never miss an order needs its own way to catch up (e.g. rebuild from the history).
   * Delivery is at least once across retries of the same import: an order is only "new" once in
   * the database, but a listener may run again if a batch is re-sent after a crash.
   */
  onOrdersRecorded(orders: RecordedOrder[]): Promise<void>;
}

/**
 * The seam between purchase ingestion and whoever reacts to new orders. By default nobody does
 * (no listener: a no-op). A module that cares imports PurchasesModule and registers itself once at
 * start-up, which keeps the dependency one-way (purchases never imports profiles):
 *
 * ```ts
 * @Injectable()
 * export class ProfilesPurchaseListener implements PurchaseRecordedListener, OnModuleInit {
 *   constructor(private readonly events: PurchaseEvents, private readonly profiles: ProfilesService) {}
 *   onModuleInit() { this.events.register(this); }
 *   async onOrdersRecorded(orders: RecordedOrder[]) { await this.profiles.addOrders(orders); }
 * }
 * ```
 *
 * Alternatively, override the `PurchaseEvents` provider itself in PurchasesModule.
 */
@Injectable()
export class PurchaseEvents {
  private readonly logger = new Logger(PurchaseEvents.name);
  private readonly listeners: PurchaseRecordedListener[] = [];

  register(listener: PurchaseRecordedListener): void {
    this.listeners.push(listener);
  }

  /** Tells every listener, one after the other; never throws (see {@link PurchaseRecordedListener}). */
  async onOrdersRecorded(orders: RecordedOrder[]): Promise<void> {
    if (orders.length === 0) return;
    for (const listener of this.listeners) {
      try {
        await listener.onOrdersRecorded(orders);
      } catch (error) {
        this.logger.error(
          { err: error, orders: orders.length, listener: listener.constructor.name },
          'purchase listener failed; orders stay stored',
        );
      }
    }
  }
}

/** The event of a newly stored order. */
export function toRecorded(order: PseudonymousOrder): RecordedOrder {
  const skus: string[] = [];
  for (const item of order.items) if (skus[skus.length - 1] !== item.sku) skus.push(item.sku);
  return { pseudonym: order.pseudonym, orderId: order.orderId, purchasedAt: order.purchasedAt, skus };
}
