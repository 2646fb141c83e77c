import type { TestApp } from './test-app.js';

export type Role = 'admin' | 'marketer' | 'supplier' | 'privacy' | 'ingest';
export type RoleKeys = Record<Role, string> & { supplierId: string };

/** Creates one API key per role (and the supplier the supplier key is bound to). */
export async function createRoleKeys(t: TestApp): Promise<RoleKeys> {
  const supplier = await t.http.post('/v1/suppliers').set('X-Api-Key', t.adminKey).send({ name: 'Test Brand' }).expect(201);
  const supplierId = supplier.body.id as string;
  const keys = { admin: t.adminKey, supplierId } as RoleKeys;
  for (const role of ['marketer', 'supplier', 'privacy', 'ingest'] as const) {
    const res = await t.http
      .post('/v1/api-keys')
      .set('X-Api-Key', t.adminKey)
      .send({ name: `${role} key`, role, ...(role === 'supplier' ? { supplierId } : {}) })
      .expect(201);
    keys[role] = res.body.key as string;
  }
  return keys;
}
