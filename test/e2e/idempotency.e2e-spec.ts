import { createHash, randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import pg from 'pg';
import { IdempotencyHasher } from '../../src/common/http/idempotency.interceptor.js';
import { AppConfig } from '../../src/config/app-config.js';
import { RedisService } from '../../src/infra/redis/redis.service.js';
import { testApp } from '../support/fixtures.js';
import { ndjson, purchase } from '../support/purchases.js';
import type { RoleKeys } from '../support/staff.js';
import type { TestApp } from '../support/test-app.js';
import { shopperToken } from '../support/tokens.js';
import { scanKeys } from '../support/redis.js';

/** `Idempotency-Key` on the creating POSTs that had none: devices (per shopper), the streamed bulk import, retention runs and profile rebuilds. */
describe('Idempotency-Key on devices and bulk purchases', () => {
  const app = testApp().withPushCredentials().withRoleKeys().withDatabase();
  let t: TestApp;
  let keys: RoleKeys;
  let db: pg.Pool;

  beforeAll(async () => {
    ({ t, keys, db } = await app.start());
  });
  afterAll(() => app.close());

  const bearer = async () => `Bearer ${await shopperToken()}`;
  const register = (auth: string, token: string, key?: string) => {
    const req = t.http.post('/v1/me/devices').set('Authorization', auth);
    return (key ? req.set('Idempotency-Key', key) : req).send({ platform: 'android', token });
  };
  const devicesOf = async (auth: string) =>
    ((await t.http.get('/v1/me/data').set('Authorization', auth).expect(200)).body as { devices: Array<{ id: string }> }).devices;
  const bulk = (body: string, key: string) =>
    t.http
      .post('/v1/purchases/bulk')
      .set('X-Api-Key', keys.ingest)
      .set('Content-Type', 'application/x-ndjson')
      .set('Idempotency-Key', key)
      .send(body);
  const orderCount = async (orderIds: string[]) =>
    Number((await db.query('SELECT count(*) FROM orders WHERE order_id = ANY($1)', [orderIds])).rows[0].count);

  describe('POST /v1/api-keys', () => {
    it('replays the new key, secret included, without keeping the secret in clear', async () => {
      const name = `idem-${randomUUID()}`;
      const idem = `ak-${randomUUID()}`;
      const create = () =>
        t.http.post('/v1/api-keys').set('X-Api-Key', t.adminKey).set('Idempotency-Key', idem).send({ name, role: 'ingest' });
      const first = await create().expect(201);
      const again = await create().expect(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
      const listed = (await t.http.get('/v1/api-keys?limit=500').set('X-Api-Key', t.adminKey).expect(200)).body.apiKeys as Array<{
        name: string;
      }>;
      expect(listed.filter((k) => k.name === name)).toHaveLength(1);
      // The replayed secret is the key's: it authenticates.
      await t.http
        .post('/v1/purchases')
        .set('X-Api-Key', again.body.key as string)
        .send({})
        .expect(400);
      // Redis holds the answer sealed: neither the secret nor the key's name appears in it.
      const stored = await storedAnswers();
      expect(stored.some((v) => v?.includes(name))).toBe(false);
      expect(stored.some((v) => v?.includes(first.body.key as string))).toBe(false);
      expect(stored.some((v) => v?.includes('sealedBody'))).toBe(true);
    });
  });

  /** Every stored first answer, on every master of a Cluster, one key per command (each its own slot). */
  async function storedAnswers(): Promise<Array<string | null>> {
    const redis = t.app.get(RedisService).client;
    const prefix = process.env.REDIS_KEY_PREFIX ?? '';
    const names = (await scanKeys(redis, `${prefix}idem:*`)).map((k) => k.slice(prefix.length));
    return Promise.all(names.map((name) => redis.get(name)));
  }

  describe('what Redis keeps', () => {
    it('keys the hash of a body naming a customer id (HMAC), so that guessed ids cannot be matched against it', async () => {
      const body = purchase();
      await t.http.post('/v1/purchases').set('X-Api-Key', keys.ingest).set('Idempotency-Key', `p-${randomUUID()}`).send(body).expect(201);
      const fingerprints = (await storedAnswers()).map((v) => (JSON.parse(v ?? '{}') as { fingerprint?: string }).fingerprint);
      const text = JSON.stringify(body);
      expect(fingerprints).not.toContain(createHash('sha256').update(text).digest('base64url'));
      const [active] = IdempotencyHasher.ring(t.app.get(AppConfig).identity.pseudonymKeys);
      expect(fingerprints).toContain(active.hash(text));
    });
  });

  describe('POST /v1/me/devices', () => {
    it('replays the first answer for the same key, and refuses the key with another body', async () => {
      const auth = await bearer();
      const key = `dev-${randomUUID()}`;
      const token = `fcm:${randomUUID()}`;
      const first = await register(auth, token, key).expect(201);
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      const again = await register(auth, token, key).expect(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
      const other = await register(auth, `fcm:${randomUUID()}`, key).expect(409);
      expect(other.body).toMatchObject({ statusCode: 409, code: 'CONFLICT' });
      expect((await devicesOf(auth)).map((d) => d.id)).toEqual([first.body.id]);
    });

    it('scopes keys per shopper: another shopper with the same key gets their own device', async () => {
      const key = `dev-${randomUUID()}`;
      const [alice, bob] = [await bearer(), await bearer()];
      const a = await register(alice, `fcm:${randomUUID()}`, key).expect(201);
      // The same key and the same body from another shopper is not a replay of Alice's answer.
      const b = await register(bob, `fcm:${randomUUID()}`, key).expect(201);
      expect(b.headers['idempotent-replayed']).toBeUndefined();
      expect(b.body.id).not.toBe(a.body.id);
      expect((await devicesOf(bob)).map((d) => d.id)).toEqual([b.body.id]);
      expect((await devicesOf(alice)).map((d) => d.id)).toEqual([a.body.id]);
    });

    it('refuses a malformed key with 400 naming the header', async () => {
      const res = await register(await bearer(), `fcm:${randomUUID()}`, 'bad key with spaces').expect(400);
      expect(res.body.details).toEqual([expect.objectContaining({ field: 'Idempotency-Key' })]);
    });
  });

  describe('POST /v1/privacy/retention/run and POST /v1/profiles/rebuild (each starts a run)', () => {
    const routes = [
      { path: '/v1/privacy/retention/run', key: () => keys.privacy },
      { path: '/v1/profiles/rebuild', key: () => keys.admin },
    ];
    for (const route of routes) {
      it(`${route.path}: the same key returns the first run instead of starting another`, async () => {
        const start = (idempotencyKey?: string) => {
          const req = t.http.post(route.path).set('X-Api-Key', route.key());
          return (idempotencyKey ? req.set('Idempotency-Key', idempotencyKey) : req).expect(202);
        };
        const key = `run-${randomUUID()}`;
        const first = await start(key);
        expect(first.body).toEqual({ runId: expect.any(String) });
        expect(first.headers['idempotent-replayed']).toBeUndefined();
        const again = await start(key);
        expect(again.headers['idempotent-replayed']).toBe('true');
        expect(again.body).toEqual(first.body);
        // Without a key (or with another one) each call starts its own run.
        expect((await start()).body.runId).not.toBe(first.body.runId);
        expect((await start(`run-${randomUUID()}`)).body.runId).not.toBe(first.body.runId);
      });
    }
  });

  describe('POST /v1/purchases/bulk', () => {
    it('replays the first report for the same key and body, without importing again', async () => {
      const records = Array.from({ length: 400 }, () => purchase());
      const body = ndjson(records);
      const key = `bulk-${randomUUID()}`;
      const first = await bulk(body, key).expect(200);
      expect(first.body).toMatchObject({ accepted: 400, duplicates: 0, rejectedCount: 0 });
      const again = await bulk(body, key).expect(200);
      expect(again.headers['idempotent-replayed']).toBe('true');
      // Run again, the import would have answered 400 duplicates: this is the first answer.
      expect(again.body).toEqual(first.body);
      // Without the key the import runs: everything is a duplicate.
      const rerun = await t.http
        .post('/v1/purchases/bulk')
        .set('X-Api-Key', keys.ingest)
        .set('Content-Type', 'application/x-ndjson')
        .send(body)
        .expect(200);
      expect(rerun.body).toMatchObject({ accepted: 0, duplicates: 400 });
    });

    it('refuses the same key with another body (409), storing nothing of it', async () => {
      const key = `bulk-${randomUUID()}`;
      await bulk(ndjson([purchase(), purchase()]), key).expect(200);
      const other = [purchase(), purchase()];
      const res = await bulk(ndjson(other), key).expect(409);
      expect(res.body).toMatchObject({ statusCode: 409, code: 'CONFLICT', message: 'Idempotency-Key reused with a different request' });
      expect(await orderCount(other.map((p) => p.orderId))).toBe(0);
    });

    it('refuses a retry while the first upload is still streaming, then keeps the first answer', async () => {
      const key = `bulk-${randomUUID()}`;
      const records = [purchase(), purchase(), purchase()];
      const { port } = new URL(t.url);
      const answer = new Promise<{ status: number; body: unknown }>((resolve, reject) => {
        const req = httpRequest(
          {
            host: '127.0.0.1',
            port,
            method: 'POST',
            path: '/v1/purchases/bulk',
            headers: { 'X-Api-Key': keys.ingest, 'Content-Type': 'application/x-ndjson', 'Idempotency-Key': key },
          },
          (res) => {
            let text = '';
            res.on('data', (c: Buffer) => (text += c.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as unknown }));
          },
        );
        req.on('error', reject);
        req.write(ndjson(records.slice(0, 1)));
        // The rest comes later, in two writes: the retry arrives in between.
        setTimeout(() => {
          void bulk(ndjson(records), key).then((retry) => {
            expect(retry.status).toBe(409);
            expect(retry.body.message).toBe('A request with this Idempotency-Key is still in progress');
            req.write(ndjson(records.slice(1, 2)));
            req.end(ndjson(records.slice(2)));
          }, reject);
        }, 300);
      });
      const first = await answer;
      expect(first).toEqual({ status: 200, body: expect.objectContaining({ accepted: 3, rejectedCount: 0 }) });
      // The body arrived in pieces; its fingerprint is the same as the whole body's.
      const replay = await bulk(ndjson(records), key).expect(200);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.body).toEqual(first.body);
    });
  });
});
