import { CatalogService } from '../../src/modules/catalog/catalog.service.js';
import { testApp } from '../support/fixtures.js';
import type { RoleKeys } from '../support/staff.js';
import type { TestApp } from '../support/test-app.js';

describe('PUT /v1/products', () => {
  const app = testApp().withRoleKeys();
  let t: TestApp;
  let keys: RoleKeys;
  let catalog: CatalogService;

  beforeAll(async () => {
    ({ t, keys } = await app.start());
    catalog = t.app.get(CatalogService);
  });
  afterAll(() => app.close());

  const put = (body: unknown, key = keys.ingest) =>
    t.http
      .put('/v1/products')
      .set('X-Api-Key', key)
      .send(body as object);

  it('upserts products, the last occurrence of a sku winning', async () => {
    await put([
      { sku: 'cat-milk', name: 'Milk 1L', category: 'dairy', brand: 'Moo', supplierId: keys.supplierId },
      { sku: 'cat-bread', name: 'Bread', active: false },
    ]).expect(200, { upserted: 2 });
    await put([
      { sku: 'cat-tea', name: 'Tea' },
      { sku: 'cat-milk', name: 'Milk 1 L', category: 'dairy' },
      { sku: 'cat-tea', name: 'Green tea', brand: 'Leaf' },
    ]).expect(200, { upserted: 2 });
    const found = await catalog.findBySkus(['cat-milk', 'cat-bread', 'cat-tea', 'cat-unknown']);
    expect([...found.keys()].sort()).toEqual(['cat-bread', 'cat-milk', 'cat-tea']);
    expect(found.get('cat-milk')).toEqual({
      sku: 'cat-milk',
      name: 'Milk 1 L',
      category: 'dairy',
      brand: null,
      supplierId: null,
      active: true,
    });
    expect(found.get('cat-bread')?.active).toBe(false);
    expect(found.get('cat-tea')).toMatchObject({ name: 'Green tea', brand: 'Leaf' });
  });

  it('refuses the whole call when any item is bad, naming each field with its index', async () => {
    const res = await put([
      { sku: 'cat-ok', name: 'Fine' },
      { sku: '', name: 'No sku' },
      { name: 'Missing sku' },
      { sku: 'cat-x', name: 'X', colour: 'red' },
      { sku: 'cat-y', name: 'Y', active: 'yes' },
    ]).expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    const fields = res.body.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['1.sku', '2.sku', '3.colour', '4.active']));
    expect(fields.some((f: string) => f.startsWith('0.'))).toBe(false);
    expect((await catalog.findBySkus(['cat-ok'])).size).toBe(0);
  });

  it('requires supplierId to name an existing supplier', async () => {
    const res = await put([
      { sku: 'cat-a', name: 'A' },
      { sku: 'cat-b', name: 'B', supplierId: '11111111-1111-4111-8111-111111111111' },
    ]).expect(400);
    expect(res.body.details).toEqual([{ field: '1.supplierId', message: 'unknown supplier' }]);
    const malformed = await put([{ sku: 'cat-c', name: 'C', supplierId: 'not-a-uuid' }]).expect(400);
    expect(malformed.body.details[0].field).toBe('0.supplierId');
    expect((await catalog.findBySkus(['cat-a'])).size).toBe(0);
  });

  it('takes an array of 1 to 10,000 products', async () => {
    await put({ sku: 'cat-z', name: 'Z' }).expect(400);
    await put([]).expect(400);
    const many = Array.from({ length: 10_000 }, (_, k) => ({ sku: `cat-bulk-${k}`, name: `Item ${k}`, category: `c${k % 7}` }));
    await put(many).expect(200, { upserted: 10_000 });
    await put([...many, { sku: 'cat-one-too-many', name: 'No' }]).expect(400);
  });

  it('is for ingest and admin keys', async () => {
    await put([{ sku: 'cat-admin', name: 'By admin' }], t.adminKey).expect(200);
    await put([{ sku: 'cat-m', name: 'M' }], keys.marketer).expect(403);
  });
});
