import { RedisService } from '../../src/infra/redis/redis.service.js';
import { createRoleKeys } from '../support/staff.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('error bodies', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const admin = () => ({ 'X-Api-Key': t.adminKey });

  it('names each field at fault, unknown fields included', async () => {
    const res = await t.http.post('/v1/api-keys').set(admin()).send({ name: '', role: 'root', extra: 1 }).expect(400);
    expect(res.body.statusCode).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    const fields = res.body.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['name', 'role', 'extra']));
  });

  it('answers malformed JSON with a 400, and the process keeps serving', async () => {
    const res = await t.http.post('/v1/suppliers').set(admin()).set('Content-Type', 'application/json').send('{"name": ').expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED', details: [{ field: 'body', message: 'malformed JSON' }] });
    await t.http.get('/health/live').expect(200);
  });

  it('refuses a body nested thousands deep with a 400 (it once overflowed the stack: a 500)', async () => {
    const deep = `{"name":"Deep","a":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    const res = await t.http.post('/v1/suppliers').set(admin()).set('Content-Type', 'application/json').send(deep).expect(400);
    expect(res.body).toMatchObject({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      details: [{ field: 'body', message: 'nested deeper than 32 levels' }],
    });
    await t.http.get('/health/live').expect(200);
  });

  it('refuses a body over the limit with 413 and stores nothing', async () => {
    const before = await t.http.get('/v1/suppliers?limit=500').set(admin()).expect(200);
    const res = await t.http
      .post('/v1/suppliers')
      .set(admin())
      .send({ name: 'x'.repeat(1_100_000) })
      .expect(413);
    expect(res.body).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });
    const after = await t.http.get('/v1/suppliers?limit=500').set(admin()).expect(200);
    expect(after.body.suppliers.length).toBe(before.body.suppliers.length);
  });

  it('checks types and bounds of query parameters', async () => {
    const res = await t.http.get('/v1/suppliers?limit=5000').set(admin()).expect(400);
    expect(res.body.details).toEqual([expect.objectContaining({ field: 'limit' })]);
    const cursor = await t.http.get('/v1/suppliers?cursor=garbage').set(admin()).expect(400);
    expect(cursor.body.details).toEqual([{ field: 'cursor', message: 'invalid cursor' }]);
    // A cursor in our format whose id is not a uuid once reached PostgreSQL's cast: a 500.
    const foreign = Buffer.from(`${new Date().toISOString()}_not-a-uuid`).toString('base64url');
    for (const path of ['/v1/suppliers', '/v1/api-keys']) {
      const res = await t.http.get(`${path}?cursor=${foreign}`).set(admin()).expect(400);
      expect(res.body.details).toEqual([{ field: 'cursor', message: 'invalid cursor' }]);
    }
    // Id cursors (the audit trail's) beyond PostgreSQL's bigint once reached the database: a 500.
    const { privacy } = await createRoleKeys(t);
    for (const bad of ['9999999999999999999', '0', '12a']) {
      const res = await t.http.get(`/v1/privacy/audit?cursor=${bad}`).set('X-Api-Key', privacy).expect(400);
      expect(res.body.details).toEqual([{ field: 'cursor', message: 'invalid cursor' }]);
    }
  });

  it('answers /health/ready with 503 in the same error body, naming the part that is down and nothing of why', async () => {
    const other = await startTestApp();
    try {
      await other.http.get('/health/ready').expect(200);
      // This instance loses its Redis connection for good (a real outage, not a stub).
      other.app.get(RedisService).client.disconnect();
      const res = await other.http.get('/health/ready').expect(503);
      // The driver's message (hosts, users, databases) stays in the logs: anyone may call this route.
      expect(res.body).toEqual({
        statusCode: 503,
        code: 'SERVICE_UNAVAILABLE',
        message: 'Not ready: redis',
        details: [{ field: 'redis', message: 'down' }],
        status: 'error',
        error: { redis: { status: 'down' } },
        info: { postgres: { status: 'up' } },
      });
    } finally {
      await other.close();
    }
  });

  it('refuses a body that is not JSON with 415 instead of ignoring it', async () => {
    const res = await t.http.post('/v1/suppliers').set(admin()).set('Content-Type', 'text/plain').send('name=Sneaky').expect(415);
    expect(res.body).toEqual({
      statusCode: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
      message: 'Send the body as application/json (application/x-ndjson for the bulk endpoints)',
    });
  });

  it('answers unknown routes in the same body', async () => {
    const res = await t.http.get('/v1/nothing-here').set(admin()).expect(404);
    expect(res.body).toEqual({ statusCode: 404, code: 'NOT_FOUND', message: 'Route not found' });
  });

  it('paginates lists newest first with a cursor', async () => {
    for (const name of ['Alpha', 'Beta', 'Gamma']) await t.http.post('/v1/suppliers').set(admin()).send({ name }).expect(201);
    const first = await t.http.get('/v1/suppliers?limit=2').set(admin()).expect(200);
    expect(first.body.suppliers.map((s: { name: string }) => s.name)).toEqual(['Gamma', 'Beta']);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await t.http
      .get(`/v1/suppliers?limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`)
      .set(admin())
      .expect(200);
    expect(second.body.suppliers[0].name).toBe('Alpha');
  });

  it('echoes a safe X-Request-Id and replaces an unsafe one', async () => {
    const safe = await t.http.get('/health/live').set('X-Request-Id', 'abc-123').expect(200);
    expect(safe.headers['x-request-id']).toBe('abc-123');
    const unsafe = await t.http.get('/health/live').set('X-Request-Id', 'a b c;drop').expect(200);
    expect(unsafe.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('Idempotency-Key', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('returns the first answer to a retry, and refuses the key for another body', async () => {
    const key = `retry-${Date.now()}`;
    const first = await t.http
      .post('/v1/suppliers')
      .set('X-Api-Key', t.adminKey)
      .set('Idempotency-Key', key)
      .send({ name: 'Once Only' })
      .expect(201);
    const again = await t.http
      .post('/v1/suppliers')
      .set('X-Api-Key', t.adminKey)
      .set('Idempotency-Key', key)
      .send({ name: 'Once Only' })
      .expect(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const list = await t.http.get('/v1/suppliers?limit=500').set('X-Api-Key', t.adminKey).expect(200);
    expect(list.body.suppliers.filter((s: { name: string }) => s.name === 'Once Only')).toHaveLength(1);
    const other = await t.http
      .post('/v1/suppliers')
      .set('X-Api-Key', t.adminKey)
      .set('Idempotency-Key', key)
      .send({ name: 'Something Else' })
      .expect(409);
    expect(other.body.code).toBe('CONFLICT');
  });

  it('does not keep failures: a corrected retry with the same key goes through', async () => {
    const key = `fix-${Date.now()}`;
    await t.http.post('/v1/suppliers').set('X-Api-Key', t.adminKey).set('Idempotency-Key', key).send({ name: '' }).expect(400);
    const fixed = await t.http
      .post('/v1/suppliers')
      .set('X-Api-Key', t.adminKey)
      .set('Idempotency-Key', key)
      .send({ name: 'Fixed' })
      .expect(201);
    expect(fixed.headers['idempotent-replayed']).toBeUndefined();
  });
});
