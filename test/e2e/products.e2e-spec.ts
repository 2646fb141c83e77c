import { randomUUID } from 'node:crypto';
import { testApp } from '../support/fixtures.js';
import type { RoleKeys } from '../support/staff.js';
import type { TestApp } from '../support/test-app.js';
import { shopperToken } from '../support/tokens.js';

describe('GET /v1/products', () => {
  const app = testApp().withRoleKeys();
  let t: TestApp;
  let keys: RoleKeys;
  let shopper: string;
  let other: string;
  // Every product of this file holds the tag: searches for it see nothing of other files.
  const tag = `pl${randomUUID().slice(0, 6)}`;

  beforeAll(async () => {
    ({ t, keys } = await app.start());
    shopper = await shopperToken();
    other = (await t.http.post('/v1/suppliers').set('X-Api-Key', keys.marketer).send({ name: 'Other Brand' }).expect(201)).body.id;
    await t.http
      .put('/v1/products')
      .set('X-Api-Key', keys.ingest)
      .send([
        { sku: `${tag}-milk`, name: 'Whole MILK 1 L', category: `${tag}-dairy`, brand: 'Alpine', supplierId: keys.supplierId },
        { sku: `${tag}-oat`, name: 'Oat drink', category: `${tag}-dairy`, brand: 'Milky Way', supplierId: other },
        { sku: `${tag}-old`, name: 'Old milk', category: `${tag}-dairy`, supplierId: keys.supplierId, active: false },
        { sku: `${tag}-bread`, name: 'Bread 100% rye', category: `${tag}-bakery` },
        { sku: `${tag}-milkshake`, name: 'Shake', category: `${tag}-drinks` },
      ])
      .expect(200);
  }, 60_000);
  afterAll(() => app.close());

  const get = (query: Record<string, string | number>, auth: { key?: string; token?: string }) => {
    const req = t.http.get('/v1/products').query(query);
    return auth.key ? req.set('X-Api-Key', auth.key) : req.set('Authorization', `Bearer ${auth.token}`);
  };
  const skus = (body: { products: Array<{ sku: string }> }) => body.products.map((p) => p.sku).sort();

  it('shows shoppers the active products only, in the contract shape', async () => {
    const res = await get({ q: tag }, { token: shopper }).expect(200);
    expect(skus(res.body)).toEqual([`${tag}-bread`, `${tag}-milk`, `${tag}-milkshake`, `${tag}-oat`]);
    expect(res.body.nextCursor).toBeNull();
    expect(res.body.products.find((p: { sku: string }) => p.sku === `${tag}-milk`)).toEqual({
      sku: `${tag}-milk`,
      name: 'Whole MILK 1 L',
      category: `${tag}-dairy`,
      brand: 'Alpine',
      supplierId: keys.supplierId,
      active: true,
    });
  });

  it('shows staff keys the whole catalog, inactive products included', async () => {
    for (const role of ['admin', 'marketer', 'ingest', 'privacy'] as const) {
      const res = await get({ q: tag }, { key: keys[role] }).expect(200);
      expect({ role, skus: skus(res.body) }).toEqual({
        role,
        skus: [`${tag}-bread`, `${tag}-milk`, `${tag}-milkshake`, `${tag}-oat`, `${tag}-old`],
      });
    }
  });

  it("shows a supplier key its own supplier's products only, active or not", async () => {
    const res = await get({ q: tag }, { key: keys.supplier }).expect(200);
    expect(skus(res.body)).toEqual([`${tag}-milk`, `${tag}-old`]);
  });

  it('searches name, sku and brand case-insensitively, and filters by category', async () => {
    const milk = await get({ q: `milk` }, { key: keys.marketer }).expect(200);
    const mine = skus(milk.body).filter((s) => s.startsWith(tag));
    // name (Whole MILK, Old milk), sku (milkshake), brand (Milky Way).
    expect(mine).toEqual([`${tag}-milk`, `${tag}-milkshake`, `${tag}-oat`, `${tag}-old`]);
    const dairy = await get({ category: `${tag}-dairy`, q: 'MILK' }, { token: shopper }).expect(200);
    expect(skus(dairy.body)).toEqual([`${tag}-milk`, `${tag}-oat`]);
    const percent = await get({ q: '100%' }, { key: keys.marketer }).expect(200);
    expect(skus(percent.body).filter((s) => s.startsWith(tag))).toEqual([`${tag}-bread`]);
    const literal = await get({ q: `${tag}%old` }, { key: keys.marketer }).expect(200);
    expect(literal.body.products).toEqual([]);
  });

  it('walks every page once, newest first, with keyset cursors', async () => {
    await t.http
      .put('/v1/products')
      .set('X-Api-Key', keys.ingest)
      .send([{ sku: `${tag}-newest`, name: 'Newest', category: `${tag}-bakery` }])
      .expect(200);
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 10; page++) {
      const res = await get({ q: tag, limit: 2, ...(cursor ? { cursor } : {}) }, { key: keys.admin }).expect(200);
      expect(res.body.products.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.products.map((p: { sku: string }) => p.sku));
      cursor = res.body.nextCursor ?? undefined;
      if (!cursor) break;
    }
    expect(seen[0]).toBe(`${tag}-newest`);
    expect([...seen].sort()).toEqual([`${tag}-bread`, `${tag}-milk`, `${tag}-milkshake`, `${tag}-newest`, `${tag}-oat`, `${tag}-old`]);
  });

  it('refuses bad parameters naming the field', async () => {
    const cases: Array<[Record<string, string | number>, string]> = [
      [{ limit: 0 }, 'limit'],
      [{ limit: 501 }, 'limit'],
      [{ cursor: 'not-ours' }, 'cursor'],
      [{ cursor: Buffer.from('2026-12-01T00:00:00.000Z_a\u0000b').toString('base64url') }, 'cursor'],
      [{ q: 'x'.repeat(101) }, 'q'],
      [{ q: 'a\u0001b' }, 'q'],
      [{ category: '' }, 'category'],
      [{ colour: 'red' }, 'colour'],
    ];
    for (const [query, field] of cases) {
      const res = await get(query, { token: shopper });
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    }
  });

  it('lists categories with their counts, as the caller may see them', async () => {
    const mine = (body: { categories: Array<{ name: string; products: number }> }) => body.categories.filter((c) => c.name.startsWith(tag));
    const shopperView = await t.http.get('/v1/products/categories').set('Authorization', `Bearer ${shopper}`).expect(200);
    expect(shopperView.body.nextCursor).toBeNull();
    expect(mine(shopperView.body)).toEqual([
      { name: `${tag}-bakery`, products: 2 },
      { name: `${tag}-dairy`, products: 2 },
      { name: `${tag}-drinks`, products: 1 },
    ]);
    const supplierView = await t.http.get('/v1/products/categories').set('X-Api-Key', keys.supplier).expect(200);
    expect(mine(supplierView.body)).toEqual([{ name: `${tag}-dairy`, products: 2 }]);
  });
});
