import type { INestApplicationContext } from '@nestjs/common';
import pg from 'pg';
import { ProductInfoCache } from '../../src/modules/carts/product-info.cache.js';
import { sleep } from '../support/cart-client.js';
import { startTestContext } from '../support/test-context.js';

describe('product facts of the live path (PostgreSQL)', () => {
  let ctx: INestApplicationContext | undefined;
  afterAll(() => ctx?.close());

  it('reads the catalog at start-up, so no cart event has to wait for a product written before', async () => {
    // Written straight into PostgreSQL: no catalog change is announced for it.
    const sku = `warm-${Date.now()}`;
    const db = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    try {
      await db.query('INSERT INTO products (sku, name, active) VALUES ($1, $2, false)', [sku, 'Rye bread']);
    } finally {
      await db.end();
    }
    ctx = await startTestContext();
    const products = ctx.get(ProductInfoCache);
    for (let waited = 0; products.get(sku) === undefined && waited < 5000; waited += 20) await sleep(20);
    expect(products.get(sku)).toMatchObject({ name: 'Rye bread', active: false, known: true });
    expect(products.offerable(sku)).toBe(false);
  });
});
