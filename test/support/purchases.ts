import { randomBytes } from 'node:crypto';
import { newCustomerId } from './customers.js';

/** A purchase body for `POST /v1/purchases` (and one NDJSON line of the bulk body). */
export interface PurchaseBody {
  customerId: string;
  orderId: string;
  purchasedAt: string;
  channel: 'store' | 'online';
  storeId?: string;
  items: Array<{ sku: string; quantity: number; unitPriceCents?: number }>;
}

export function newOrderId(): string {
  return `ord-${randomBytes(6).toString('hex')}`;
}

/** A valid purchase of a new customer, bought yesterday; override what the test is about. */
export function purchase(over: Partial<PurchaseBody> = {}): PurchaseBody {
  return {
    customerId: newCustomerId(),
    orderId: newOrderId(),
    purchasedAt: new Date(Date.now() - 86_400_000).toISOString(),
    channel: 'store',
    items: [
      { sku: 'milk-1l', quantity: 2 },
      { sku: 'bread', quantity: 1 },
    ],
    ...over,
  };
}

export function ndjson(records: Array<object | string>): string {
  return records.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n') + '\n';
}

/** The CSV lines of a purchase, one per item. */
export function csvLines(p: PurchaseBody): string[] {
  return p.items.map((i) => [p.customerId, p.orderId, p.purchasedAt, p.channel, i.sku, i.quantity, i.unitPriceCents ?? ''].join(','));
}
