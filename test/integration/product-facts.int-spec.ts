import type { INestApplicationContext } from '@nestjs/common';
import { jest } from '@jest/globals';
import pg from 'pg';
import { ProductInfoCache } from '../../src/modules/carts/product-info.cache.js';
import { CatalogService } from '../../src/modules/catalog/catalog.service.js';
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

  it('answers unknown skus without reading PostgreSQL once the catalog is held, and never drops a product for them', async () => {
    ctx ??= await startTestContext();
    const products = ctx.get(ProductInfoCache);
    const catalog = ctx.get(CatalogService);
    const known = `known-${Date.now()}`;
    await catalog.upsert([{ sku: known, name: 'Oat milk', category: null, brand: null, supplierId: null, active: true }]);
    for (let waited = 0; !products.get(known)?.known && waited < 5000; waited += 20) await sleep(20);
    const reads = jest.spyOn(catalog, 'findBySkus');
    try {
      // What a hostile client sends with cart:add: made-up skus, many of them.
      const madeUp = Array.from({ length: 500 }, (_, i) => `made-up-${Date.now()}-${i}`);
      await products.prefetch(madeUp);
      expect(madeUp.every((sku) => products.get(sku)?.known === false)).toBe(true);
      expect(reads).not.toHaveBeenCalled();
      expect(products.get(known)).toMatchObject({ name: 'Oat milk', known: true });
    } finally {
      reads.mockRestore();
    }
  });
});
