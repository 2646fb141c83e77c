import { randomUUID } from 'node:crypto';
import { connectCart } from '../support/sockets.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { shopperToken } from '../support/tokens.js';

describe('rate limits (kept in Redis)', () => {
  let t: TestApp;
  const saved = { ...process.env };

  beforeAll(async () => {
    // Low limits, and a key prefix of its own so that other files' traffic does not count here.
    Object.assign(process.env, {
      REDIS_KEY_PREFIX: `panier-test-rl-${randomUUID()}:`,
      RATE_LIMIT_PER_SHOPPER: '3',
      RATE_LIMIT_PER_KEY: '4',
      RATE_LIMIT_HANDSHAKES_PER_IP: '8',
    });
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
    process.env = saved;
  });

  it('limits each shopper, with 429 RATE_LIMITED and Retry-After', async () => {
    const auth = `Bearer ${await shopperToken()}`;
    for (let i = 0; i < 3; i++) await t.http.get('/v1/me/consents').set('Authorization', auth).expect(200);
    const res = await t.http.get('/v1/me/consents').set('Authorization', auth).expect(429);
    expect(res.body).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED' });
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    // Another shopper is not affected.
    await t.http
      .get('/v1/me/consents')
      .set('Authorization', `Bearer ${await shopperToken()}`)
      .expect(200);
  });

  it('limits each API key', async () => {
    for (let i = 0; i < 4; i++) await t.http.get('/v1/suppliers').set('X-Api-Key', t.adminKey).expect(200);
    await t.http.get('/v1/suppliers').set('X-Api-Key', t.adminKey).expect(429);
  });

  it('limits socket handshakes per address, refusing in the handshake', async () => {
    // 2 REST-created shoppers above do not count: handshakes have their own limiter.
    const results: string[] = [];
    let refusal: unknown;
    for (let i = 0; i < 9; i++) {
      try {
        (await connectCart(t.url, await shopperToken())).close();
        results.push('ok');
      } catch (error) {
        results.push((error as Error).message);
        refusal = (error as Error & { data?: unknown }).data;
      }
    }
    expect(results.slice(0, 8)).toEqual(Array(8).fill('ok'));
    expect(results[8]).toBe('rate_limited');
    // The contract's error body, as on HTTP.
    expect(refusal).toEqual({ statusCode: 429, code: 'RATE_LIMITED', message: expect.any(String) });
  });
});
