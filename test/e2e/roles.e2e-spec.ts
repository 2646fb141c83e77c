import { randomUUID } from 'node:crypto';
import { newCustomerId } from '../support/customers.js';
import { testApp } from '../support/fixtures.js';
import type { Role, RoleKeys } from '../support/staff.js';
import type { TestApp } from '../support/test-app.js';
import { shopperToken } from '../support/tokens.js';

type Caller = Role | 'shopper' | 'none';
const ALL_STAFF: Caller[] = ['admin', 'marketer', 'supplier', 'privacy', 'ingest'];
const CALLERS: Caller[] = [...ALL_STAFF, 'shopper', 'none'];

/** Who may call each endpoint group (docs/access-control.md). */
const MATRIX: Array<{
  group: string;
  method: 'get' | 'post' | 'put' | 'delete';
  path: string;
  body?: () => object;
  allowed: Caller[];
  okStatus: number;
}> = [
  { group: 'api keys', method: 'get', path: '/v1/api-keys', allowed: ['admin'], okStatus: 200 },
  { group: 'suppliers', method: 'get', path: '/v1/suppliers', allowed: ['admin', 'marketer'], okStatus: 200 },
  { group: 'privacy audit', method: 'get', path: '/v1/privacy/audit', allowed: ['privacy'], okStatus: 200 },
  { group: 'privacy erasure list', method: 'get', path: '/v1/privacy/erasure', allowed: ['privacy'], okStatus: 200 },
  {
    group: 'privacy consent history',
    method: 'post',
    path: '/v1/privacy/consent-history',
    body: () => ({ customerId: newCustomerId() }),
    allowed: ['privacy'],
    okStatus: 404, // a well-formed request about an unknown customer: authorized, then not found
  },
  { group: 'shopper consents', method: 'get', path: '/v1/me/consents', allowed: ['shopper'], okStatus: 200 },
  { group: 'shopper data', method: 'get', path: '/v1/me/data', allowed: ['shopper'], okStatus: 200 },
  {
    group: 'privacy export',
    method: 'post',
    path: '/v1/privacy/export',
    body: () => ({ customerId: newCustomerId() }),
    allowed: ['privacy'],
    okStatus: 404,
  },
  { group: 'shopper erasure', method: 'delete', path: '/v1/me', allowed: ['shopper'], okStatus: 202 },
  {
    group: 'supplier insights',
    method: 'get',
    path: '/v1/insights/products?skus=matrix-none&groupBy=store',
    allowed: ['supplier'],
    okStatus: 404,
  },
  {
    group: 'shopper devices',
    method: 'post',
    path: '/v1/me/devices',
    body: () => ({ platform: 'android', token: `matrix-${randomUUID()}` }),
    allowed: ['shopper'],
    okStatus: 201,
  },
  {
    group: 'privacy erasure',
    method: 'post',
    path: '/v1/privacy/erasure',
    body: () => ({ customerId: newCustomerId() }),
    allowed: ['privacy'],
    okStatus: 202, // accepted even for an unknown customer: it ends done, nothing removed
  },
  { group: 'privacy retention run', method: 'post', path: '/v1/privacy/retention/run', allowed: ['privacy'], okStatus: 202 },
  { group: 'privacy erasure status', method: 'get', path: `/v1/privacy/erasure/${randomUUID()}`, allowed: ['privacy'], okStatus: 404 },
  {
    group: 'catalog',
    method: 'put',
    path: '/v1/products',
    body: () => [{ sku: 'matrix-sku', name: 'Matrix product' }],
    allowed: ['admin', 'ingest'],
    okStatus: 200,
  },
  {
    group: 'purchases',
    method: 'post',
    path: '/v1/purchases',
    body: () => ({
      customerId: newCustomerId(),
      orderId: `matrix-${randomUUID()}`,
      purchasedAt: new Date().toISOString(),
      channel: 'store',
      items: [{ sku: 'matrix-sku', quantity: 1 }],
    }),
    allowed: ['admin', 'ingest'],
    okStatus: 201,
  },
  { group: 'profile rebuild', method: 'post', path: '/v1/profiles/rebuild', allowed: ['admin'], okStatus: 202 },
  { group: 'catalog read', method: 'get', path: '/v1/products', allowed: [...ALL_STAFF, 'shopper'], okStatus: 200 },
  { group: 'catalog categories', method: 'get', path: '/v1/products/categories', allowed: [...ALL_STAFF, 'shopper'], okStatus: 200 },
];

describe('role matrix', () => {
  const app = testApp().withPushCredentials().withRoleKeys();
  let t: TestApp;
  let keys: RoleKeys;

  beforeAll(async () => {
    ({ t, keys } = await app.start());
  });
  afterAll(() => app.close());

  async function call(entry: (typeof MATRIX)[number], caller: Caller) {
    let req = t.http[entry.method](entry.path);
    if (caller === 'shopper') req = req.set('Authorization', `Bearer ${await shopperToken()}`);
    else if (caller !== 'none') req = req.set('X-Api-Key', keys[caller]);
    return entry.body ? req.send(entry.body()) : req;
  }

  for (const entry of MATRIX) {
    for (const caller of CALLERS) {
      const allowed = entry.allowed.includes(caller);
      // No credential: 401. A shopper token on a staff endpoint: 401. A key of the wrong kind or role: 403.
      const expected = allowed
        ? entry.okStatus
        : caller === 'none' || (caller === 'shopper' && !entry.allowed.includes('shopper'))
          ? 401
          : 403;
      it(`${entry.group} × ${caller} → ${expected}`, async () => {
        const res = await call(entry, caller);
        expect(res.status).toBe(expected);
        if (expected >= 400) expect(res.body).toMatchObject({ statusCode: expected, code: expect.stringMatching(/^[A-Z_]+$/) });
      });
    }
  }

  it('serves health, metrics and docs without credentials', async () => {
    await t.http.get('/health/live').expect(200);
    await t.http.get('/health/ready').expect(200);
    const metrics = await t.http.get('/metrics').expect(200);
    expect(metrics.text).toContain('panier_http_request_duration_seconds');
    const docs = await t.http.get('/docs/json').expect(200);
    expect(Object.keys(docs.body.paths)).toEqual(expect.arrayContaining(['/v1/me/consents', '/v1/api-keys']));
  });

  /** The only routes that answer without credentials, each with its answer here (no Web Push configured). */
  const PUBLIC: Record<string, number> = {
    '/health/live': 200,
    '/health/ready': 200,
    '/v1/push/web/vapid-public-key': 409,
    // Public in demo mode only; without it, not found.
    '/v1/demo/shoppers': 404,
    '/v1/demo/sessions': 404,
  };

  it('refuses anonymous calls on every documented route but the public ones', async () => {
    const docs = await t.http.get('/docs/json').expect(200);
    const routes = Object.entries(docs.body.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => ({ method, path: path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000') })),
    );
    expect(routes.length).toBeGreaterThan(10);
    for (const { method, path } of routes) {
      const res = await (t.http as unknown as Record<string, (p: string) => Promise<{ status: number }>>)[method](path);
      expect({ method, path, status: res.status }).toEqual({ method, path, status: PUBLIC[path] ?? 401 });
    }
  });

  it('refuses a revoked key on the very next request', async () => {
    const created = await t.http.post('/v1/api-keys').set('X-Api-Key', t.adminKey).send({ name: 'temp', role: 'marketer' }).expect(201);
    expect(created.body.key).toMatch(/^pk_live_/);
    await t.http.get('/v1/suppliers').set('X-Api-Key', created.body.key).expect(200);
    await t.http.delete(`/v1/api-keys/${created.body.id}`).set('X-Api-Key', t.adminKey).expect(204);
    const refused = await t.http.get('/v1/suppliers').set('X-Api-Key', created.body.key).expect(401);
    expect(refused.body.code).toBe('UNAUTHORIZED');
  });

  it('never returns a key secret or hash when listing keys', async () => {
    const res = await t.http.get('/v1/api-keys?limit=500').set('X-Api-Key', t.adminKey).expect(200);
    expect(res.body.apiKeys.length).toBeGreaterThanOrEqual(4);
    for (const k of res.body.apiKeys) {
      expect(k).not.toHaveProperty('key');
      expect(k).not.toHaveProperty('keyHash');
      expect(Object.values(keys)).not.toContain(k.keyPrefix);
    }
  });

  it('binds supplier keys to an existing supplier', async () => {
    const missing = await t.http.post('/v1/api-keys').set('X-Api-Key', t.adminKey).send({ name: 's', role: 'supplier' }).expect(400);
    expect(missing.body.details).toEqual([expect.objectContaining({ field: 'supplierId' })]);
    const unknown = await t.http
      .post('/v1/api-keys')
      .set('X-Api-Key', t.adminKey)
      .send({ name: 's', role: 'supplier', supplierId: '00000000-0000-4000-8000-000000000000' })
      .expect(400);
    expect(unknown.body.details[0].field).toBe('supplierId');
  });

  it('answers 404 for a key that does not exist and 400 for a malformed id', async () => {
    await t.http.delete('/v1/api-keys/00000000-0000-4000-8000-000000000000').set('X-Api-Key', t.adminKey).expect(404);
    const bad = await t.http.delete('/v1/api-keys/not-a-uuid').set('X-Api-Key', t.adminKey).expect(400);
    expect(bad.body.details).toEqual([{ field: 'id', message: 'must be a UUID' }]);
  });
});
