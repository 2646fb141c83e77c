import pg from 'pg';

export { recreateDatabase } from '../lib/bench-db.js';

export const BENCH_SKUS = { offered: 'bench-coffee', target: 'bench-beans', other: 'bench-milk', category: 'bench-hot-drinks' };

/**
 * `n` shoppers straight into PostgreSQL, set-based (pseudonyms only, as after pseudonymization;
 * the identity tables are not needed): each with one order of two lines bought three days ago,
 * one of them in the campaign's category, and targeted_offers granted in consent_state (not in
 * Redis: every send takes the PostgreSQL consent fallback, the cold-cache worst case).
 */
export async function seedShoppers(url: string, n: number, supplierId: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const at = new Date(Date.now() - 3 * 86_400_000);
    await client.query(
      `INSERT INTO products (sku, name, category, brand, supplier_id) VALUES
         ($1, 'Bench coffee', $4, 'bench', $5), ($2, 'Bench beans', $4, 'bench', NULL), ($3, 'Bench milk', 'bench-dairy', NULL, NULL)`,
      [BENCH_SKUS.offered, BENCH_SKUS.target, BENCH_SKUS.other, BENCH_SKUS.category, supplierId],
    );
    await client.query('SELECT panier_ensure_purchase_month($1)', [at]);
    await client.query(`INSERT INTO shoppers (pseudonym) SELECT gen_random_uuid() FROM generate_series(1, $1)`, [n]);
    await client.query(
      `INSERT INTO orders (order_id, pseudonym, purchased_at, channel, items_hash, line_count)
       SELECT 'bench-' || pseudonym, pseudonym, $1, 'store', 'bench', 2 FROM shoppers`,
      [at],
    );
    await client.query(
      `INSERT INTO order_lines (purchased_at, pseudonym, order_id, skus, quantities, unit_price_cents)
       SELECT o.purchased_at, o.pseudonym, o.order_id, ARRAY[$1::text, $2::text], '{1,1}', '{NULL,NULL}' FROM orders o`,
      [BENCH_SKUS.target, BENCH_SKUS.other],
    );
    await client.query(
      `INSERT INTO consent_state (pseudonym, purpose, granted, basis, source, decision_id, updated_at)
       SELECT pseudonym, 'targeted_offers', true, 'consent', 'bench', 1, now() FROM shoppers`,
    );
    await client.query('ANALYZE');
  } finally {
    await client.end();
  }
}

const pools = new Map<string, pg.Pool>();

/** One value from a query, on a small pool kept for the run (polling with a new connection each time costs PostgreSQL a backend start). */
export async function scalar<T>(url: string, sql: string, params: unknown[] = []): Promise<T> {
  let pool = pools.get(url);
  if (!pool) {
    pool = new pg.Pool({ connectionString: url, max: 2 });
    pools.set(url, pool);
  }
  const { rows } = await pool.query(sql, params);
  return Object.values(rows[0] as Record<string, unknown>)[0] as T;
}

export async function closePools(): Promise<void> {
  await Promise.all([...pools.values()].map((p) => p.end()));
  pools.clear();
}
