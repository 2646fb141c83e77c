import { randomUUID } from 'node:crypto';
import { newCustomerId } from './customers.js';
import type { TestApp } from './test-app.js';

const DAY = 86_400_000;

/**
 * Gives a shopper a purchase history through the ingest API: `baskets[i]` is bought
 * `(baskets.length - i) * everyDays` days ago, so the last basket is the most recent.
 */
export async function givePurchaseHistory(
  t: TestApp,
  ingestKey: string,
  baskets: string[][],
  options: { customerId?: string; everyDays?: number } = {},
): Promise<string> {
  const customerId = options.customerId ?? newCustomerId();
  const every = options.everyDays ?? 7;
  // Order ids never embed the customer id: they are the retailer's, and may be logged.
  const orderPrefix = `ord-${randomUUID()}`;
  for (const [i, skus] of baskets.entries()) {
    await t.http
      .post('/v1/purchases')
      .set('X-Api-Key', ingestKey)
      .send({
        customerId,
        orderId: `${orderPrefix}-h${i}`,
        purchasedAt: new Date(Date.now() - (baskets.length - i) * every * DAY).toISOString(),
        channel: 'store',
        items: skus.map((sku) => ({ sku, quantity: 1 })),
      })
      .expect(201);
  }
  return customerId;
}
