import { generateKeyPairSync } from 'node:crypto';
import { decodeJwt } from 'jose';
import { testApp } from '../support/fixtures.js';
import type { TestApp } from '../support/test-app.js';

describe('demo endpoints, DEMO_MODE=true', () => {
  const app = testApp().withEnv({ DEMO_MODE: 'true' });
  let t: TestApp;
  beforeAll(async () => {
    ({ t } = await app.start());
  }, 60_000);
  afterAll(() => app.close());

  it('lists a few dozen demo shoppers by handle, name and persona, never their customer ids', async () => {
    const res = await t.http.get('/v1/demo/shoppers').expect(200);
    expect(res.body.nextCursor).toBeNull();
    expect(res.body.shoppers.length).toBeGreaterThanOrEqual(24);
    expect(res.body.shoppers[0]).toEqual({
      handle: 'shopper-0001',
      name: expect.any(String),
      persona: expect.stringMatching(/never without/),
      kind: expect.any(String),
      tripDays: expect.any(Number),
    });
    expect(new Set(res.body.shoppers.map((s: { kind: string }) => s.kind)).size).toBeGreaterThanOrEqual(8);
    expect(JSON.stringify(res.body)).not.toContain('demo-shopper');
  });

  it('signs a shopper token for a handle, usable on the shopper API', async () => {
    const res = await t.http.post('/v1/demo/sessions').send({ handle: 'shopper-0042' }).expect(201);
    expect(res.body).toEqual({ token: expect.any(String), expiresAt: expect.any(String) });
    const claims = decodeJwt(res.body.token);
    expect(claims.sub).toBe('demo-shopper-0042');
    expect(new Date(res.body.expiresAt).getTime()).toBe((claims.exp as number) * 1000);
    await t.http.get('/v1/me/consents').set('Authorization', `Bearer ${res.body.token}`).expect(200);
  });

  it('refuses a malformed handle naming the field, and an unknown one as not found', async () => {
    const bad = await t.http.post('/v1/demo/sessions').send({ handle: 'demo-shopper-0001' }).expect(400);
    expect(bad.body.details).toEqual([{ field: 'handle', message: expect.any(String) }]);
    await t.http.post('/v1/demo/sessions').send({}).expect(400);
    await t.http.post('/v1/demo/sessions').send({ handle: 'shopper-9999' }).expect(404);
    await t.http.post('/v1/demo/sessions').send({ handle: 'shopper-0000' }).expect(404);
  });
});

describe('demo endpoints, demo mode off (the default)', () => {
  const app = testApp();
  let t: TestApp;
  beforeAll(async () => {
    ({ t } = await app.start());
  }, 60_000);
  afterAll(() => app.close());

  it('answers 404 as if they did not exist', async () => {
    await t.http.get('/v1/demo/shoppers').expect(404);
    const res = await t.http.post('/v1/demo/sessions').send({ handle: 'shopper-0001' }).expect(404);
    expect(res.body.code).toBe('NOT_FOUND');
    // Before the body is even looked at.
    await t.http.post('/v1/demo/sessions').send({ handle: 42 }).expect(404);
  });
});

describe('demo sessions with only an RS256 public key', () => {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const app = testApp().withEnv({
    DEMO_MODE: 'true',
    SHOPPER_JWT_SECRET: '',
    SHOPPER_JWT_PUBLIC_KEY: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  });
  let t: TestApp;
  beforeAll(async () => {
    ({ t } = await app.start());
  }, 60_000);
  afterAll(() => app.close());

  it('answers 409 saying why: Panier cannot sign tokens', async () => {
    const res = await t.http.post('/v1/demo/sessions').send({ handle: 'shopper-0001' }).expect(409);
    expect(res.body.message).toMatch(/SHOPPER_JWT_SECRET/);
  });
});
