import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { newCustomerId } from './customers.js';
import type { TestApp } from './test-app.js';
import { shopperToken } from './tokens.js';

const DAY = 86_400_000;

/** A shopper known only through the API: history through ingest, consent through their own token. */
export async function apiShopper(
  t: TestApp,
  ingestKey: string,
  skus: string[][],
  consent: Record<string, boolean> | null = { targeted_offers: true },
): Promise<{ customerId: string; token: string }> {
  const customerId = newCustomerId();
  const prefix = `ord-${randomUUID()}`;
  for (const [i, items] of skus.entries()) {
    await t.http
      .post('/v1/purchases')
      .set('X-Api-Key', ingestKey)
      .send({
        customerId,
        orderId: `${prefix}-${i}`,
        purchasedAt: new Date(Date.now() - (i + 2) * DAY).toISOString(),
        channel: 'store',
        items: items.map((sku) => ({ sku, quantity: 1 })),
      })
      .expect(201);
  }
  const token = await shopperToken({ sub: customerId, expiresIn: '1h' });
  if (consent) await t.http.put('/v1/me/consents').set('Authorization', `Bearer ${token}`).send(consent).expect(200);
  return { customerId, token };
}

/**
 * Many shoppers straight into PostgreSQL (pseudonyms only, as after pseudonymization), each with
 * one order of `skus` bought two days ago (or `at`) and, unless told otherwise, targeted_offers granted.
 * Their consent is not in Redis: the sends take the PostgreSQL fallback.
 */
export async function seedShoppers(
  db: pg.Pool,
  n: number,
  skus: string[],
  options: { consent?: boolean; at?: Date } = {},
): Promise<string[]> {
  const pseudonyms = Array.from({ length: n }, () => randomUUID());
  const at = options.at ?? new Date(Date.now() - 2 * DAY);
  await db.query('SELECT panier_ensure_purchase_month($1)', [at]);
  await db.query('INSERT INTO shoppers (pseudonym) SELECT unnest($1::uuid[])', [pseudonyms]);
  await db.query(
    `INSERT INTO orders (order_id, pseudonym, purchased_at, channel, items_hash, line_count)
     SELECT 'seed-' || gen_random_uuid(), p, $2, 'store', 'seed', $3 FROM unnest($1::uuid[]) p`,
    [pseudonyms, at, skus.length],
  );
  await db.query(
    `INSERT INTO order_lines (purchased_at, pseudonym, order_id, skus, quantities, unit_price_cents)
     SELECT o.purchased_at, o.pseudonym, o.order_id, $2::text[], array_fill(1, ARRAY[cardinality($2::text[])]),
            array_fill(NULL::int, ARRAY[cardinality($2::text[])])
     FROM orders o WHERE o.pseudonym = ANY($1::uuid[])`,
    [pseudonyms, skus],
  );
  if (options.consent ?? true) {
    await db.query(
      `INSERT INTO consent_state (pseudonym, purpose, granted, basis, source, decision_id, updated_at)
       SELECT p, 'targeted_offers', true, 'consent', 'seed', 1, now() FROM unnest($1::uuid[]) p`,
      [pseudonyms],
    );
  }
  return pseudonyms;
}
