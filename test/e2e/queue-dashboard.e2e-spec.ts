import { QueueName } from '../../src/infra/queue/queue-names.js';
import { withEnv } from '../support/env.js';
import { testApp } from '../support/fixtures.js';
import type { Role, RoleKeys } from '../support/staff.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { shopperToken } from '../support/tokens.js';

const basic = (password: string, user = 'ops') => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** The paths of the assets the dashboard page loads from Panier (scripts, styles, icons), resolved against its `<base href>` as a browser does. */
function assetsOf(html: string): string[] {
  const base = new URL(/<base href="([^"]+)"/.exec(html)?.[1] ?? '/', 'http://panier.test');
  return [...html.matchAll(/<(?:script|link)\b[^>]*\b(?:src|href)="([^"]+)"/g)]
    .map((m) => new URL(m[1], base))
    .filter((url) => url.origin === base.origin)
    .map((url) => url.pathname);
}

/** The queue dashboard (Bull Board): HTTP Basic with an admin API key as the password (docs/operations.md). */
describe('queue dashboard', () => {
  const app = testApp().withRoleKeys();
  let t: TestApp;
  let keys: RoleKeys;

  beforeAll(async () => {
    ({ t, keys } = await app.start());
  });
  afterAll(() => app.close());

  const paths = [
    '/queues',
    '/queues/',
    '/queues/static/js/main.js',
    '/queues/api/queues',
    '/queues/api/redis/stats',
    '/queues/queue/erasure',
    '/QUEUES/api/queues',
    '/queues/api/queues/erasure/some-job',
  ];

  it('refuses every sub-path without credentials: 401 with a Basic challenge and the contract body', async () => {
    for (const path of paths) {
      const res = await t.http.get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 401 });
      expect(res.headers['www-authenticate']).toMatch(/^Basic realm="[^"]+"/);
      expect(res.body).toMatchObject({ statusCode: 401, code: 'UNAUTHORIZED' });
      expect(res.text).not.toContain('erasure');
    }
    const post = await t.http.post('/queues/api/queues/erasure/add').send({ name: 'ShopperErase', data: {} });
    expect(post.status).toBe(401);
  });

  it('refuses a wrong key, an empty password, a shopper token, another scheme and X-Api-Key alone with 401', async () => {
    const wrong = [basic('pk_live_not-a-key'), basic(''), `Bearer ${await shopperToken()}`, basic(keys.admin).replace('Basic', 'Digest')];
    for (const authorization of wrong) {
      const res = await t.http.get('/queues/api/queues').set('Authorization', authorization);
      expect({ authorization: authorization.slice(0, 6), status: res.status }).toEqual({
        authorization: authorization.slice(0, 6),
        status: 401,
      });
      expect(res.headers['www-authenticate']).toMatch(/^Basic /);
    }
    // The contract's way in is HTTP Basic (a browser asks for it); X-Api-Key alone opens nothing here.
    await t.http.get('/queues/api/queues').set('X-Api-Key', keys.admin).expect(401);
  });

  it.each(['marketer', 'supplier', 'privacy', 'ingest'] as Role[])('refuses a valid %s key with 403', async (role) => {
    for (const path of ['/queues', '/queues/api/queues', '/queues/static/js/main.js']) {
      const res = await t.http.get(path).set('Authorization', basic(keys[role]));
      expect({ path, status: res.status }).toEqual({ path, status: 403 });
      expect(res.body).toMatchObject({ statusCode: 403, code: 'FORBIDDEN' });
    }
  });

  it('opens to the bootstrap admin key, any user name: the page, its static assets, and every queue', async () => {
    const page = await t.http.get('/queues').set('Authorization', basic(keys.admin, 'anyone')).expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['cache-control']).toBe('no-store');
    // The page links Google Fonts; the policy lets the browser load nothing from elsewhere.
    expect(page.text).toContain('fonts.googleapis.com');
    const policy = Object.fromEntries(
      String(page.headers['content-security-policy'])
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...sources]) => [name, sources]),
    );
    for (const directive of ['default-src', 'style-src', 'font-src', 'script-src', 'connect-src'])
      expect({ directive, sources: policy[directive] }).toEqual({ directive, sources: expect.arrayContaining(["'self'"]) });
    const remote = Object.values(policy)
      .flat()
      .filter((source) => /^(https?:|\*|[\w-]+\.[\w.-]+)/.test(source));
    expect(remote).toEqual([]);
    const assets = assetsOf(page.text);
    // The scripts and style sheet of the UI, and its icons.
    expect(assets.filter((a) => a.endsWith('.js')).length).toBeGreaterThanOrEqual(1);
    expect(assets.some((a) => a.endsWith('.css'))).toBe(true);
    for (const asset of assets) {
      expect(asset.startsWith('/queues/static/')).toBe(true);
      await t.http.get(asset).expect(401);
      const res = await t.http.get(asset).set('Authorization', basic(keys.admin)).expect(200);
      expect(res.headers['content-type']).toMatch(/javascript|css|image|font|json|text/);
    }
    const api = await t.http.get('/queues/api/queues').set('Authorization', basic(keys.admin)).expect(200);
    const names = (api.body.queues as Array<{ name: string }>).map((q) => q.name).sort();
    expect(names).toEqual(Object.values(QueueName).sort());
  });

  it('opens to an admin key created through /v1/api-keys until it is revoked', async () => {
    const created = await t.http
      .post('/v1/api-keys')
      .set('X-Api-Key', keys.admin)
      .send({ name: 'ops dashboard', role: 'admin' })
      .expect(201);
    const key = created.body.key as string;
    await t.http.get('/queues/api/queues').set('Authorization', basic(key, '')).expect(200);
    await t.http
      .delete(`/v1/api-keys/${created.body.id as string}`)
      .set('X-Api-Key', keys.admin)
      .expect(204);
    await t.http.get('/queues/api/queues').set('Authorization', basic(key)).expect(401);
  });

  it('lets admins operate queues but not forge jobs: adding a job or replacing job data is 403', async () => {
    const auth = basic(keys.admin);
    const erasureJobs = async () => {
      const { body } = await t.http.get('/queues/api/queues').set('Authorization', auth).expect(200);
      const queue = (body.queues as Array<{ name: string; counts: Record<string, number> }>).find((q) => q.name === 'erasure');
      return Object.values(queue?.counts ?? {}).reduce((a, b) => a + b, 0);
    };
    const before = await erasureJobs();
    await t.http.put(`/queues/api/queues/${QueueName.ProfileRebuild}/retry/failed`).set('Authorization', auth).expect(200);
    const add = await t.http
      .post(`/queues/api/queues/${QueueName.Erasure}/add`)
      .set('Authorization', auth)
      .send({ name: 'ShopperErase', data: { requestId: 'x' } });
    expect(add.status).toBe(403);
    expect(add.body).toMatchObject({ statusCode: 403, code: 'FORBIDDEN' });
    const edit = await t.http
      .patch(`/queues/api/queues/${QueueName.Erasure}/job-1/update-data`)
      .set('Authorization', auth)
      .send({ data: {} });
    expect(edit.status).toBe(403);
    expect(await erasureJobs()).toBe(before);
  });

  it('is left out of the OpenAPI document (it is not part of the REST API)', async () => {
    const docs = await t.http.get('/docs/json').expect(200);
    expect(Object.keys(docs.body.paths as object).filter((p) => p.startsWith('/queues'))).toEqual([]);
  });
});

describe('queue dashboard configuration', () => {
  it('mounts at QUEUE_DASHBOARD_PATH, its assets too', async () => {
    const restore = withEnv({ QUEUE_DASHBOARD_PATH: '/ops/queues' });
    const t = await startTestApp();
    try {
      await t.http.get('/ops/queues').expect(401);
      const page = await t.http.get('/ops/queues').set('Authorization', basic(t.adminKey)).expect(200);
      const assets = assetsOf(page.text);
      expect(assets.length).toBeGreaterThan(0);
      for (const asset of assets) {
        expect(asset.startsWith('/ops/queues/static/')).toBe(true);
        await t.http.get(asset).set('Authorization', basic(t.adminKey)).expect(200);
      }
      await t.http.get('/queues').set('Authorization', basic(t.adminKey)).expect(404);
    } finally {
      await t.close();
      restore();
    }
  });

  it('is off with QUEUE_DASHBOARD_ENABLED=false', async () => {
    const restore = withEnv({ QUEUE_DASHBOARD_ENABLED: 'false' });
    const t = await startTestApp();
    try {
      const res = await t.http.get('/queues').set('Authorization', basic(t.adminKey)).expect(404);
      expect(res.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
      await t.http.get('/queues/api/queues').set('Authorization', basic(t.adminKey)).expect(404);
    } finally {
      await t.close();
      restore();
    }
  });
});
