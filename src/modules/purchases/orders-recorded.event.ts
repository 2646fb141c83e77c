import type { PseudonymousOrder } from './domain/order.js';

/** An order that was just stored for the first time (never a duplicate or a conflict). */
export interface RecordedOrder {
  pseudonym: string;
  orderId: string;
  purchasedAt: Date;
  /** The order's skus, each once, in canonical (sorted) order. */
  skus: string[];
}

/**
 * Orders were stored for the first time: once per `POST /v1/purchases`, cart checkout, or import
 * batch (up to IMPORT_BATCH_ORDERS orders of many shoppers, not sorted). Published after the
 * commit and awaited, so a slow listener slows ingestion rather than letting work pile up in
 * memory. A listener's failure is logged and never undoes the orders; a listener that must not
 * miss an order needs its own way to catch up (rebuild from the history). Delivery is at least
 * once across retries of the same import.
 */
export class OrdersRecordedEvent {
  static readonly key = 'purchases.orders-recorded';

  constructor(readonly orders: RecordedOrder[]) {}
}

/** The event of a newly stored order. */
export function toRecorded(order: PseudonymousOrder): RecordedOrder {
  const skus: string[] = [];
  for (const item of order.items) if (skus[skus.length - 1] !== item.sku) skus.push(item.sku);
  return { pseudonym: order.pseudonym, orderId: order.orderId, purchasedAt: order.purchasedAt, skus };
}
