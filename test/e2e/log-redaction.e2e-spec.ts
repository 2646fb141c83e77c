import { readFileSync } from 'node:fs';
import { createRoleKeys } from '../support/staff.js';
import { CUSTOMER_ID_PATTERN, newCustomerId } from '../support/customers.js';
import { PUSH_ENDPOINT_PATTERN, PUSH_TOKEN_PATTERN, TEST_GATEWAY_SECRET } from '../support/push-services.js';
import { connectCart } from '../support/sockets.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { shopperToken } from '../support/tokens.js';

/**
 * Runs last (test/setup/sequencer.cjs): reads the log file of the whole e2e run, which every
 * test app writes at debug level, and proves that no raw customer id and no secret reached it.
 */
describe('log redaction', () => {
  let t: TestApp;
  const customerId = newCustomerId();

  beforeAll(async () => {
    t = await startTestApp();
    // Traffic of its own, so the check means something even when this file runs alone.
    const keys = await createRoleKeys(t);
    const auth = `Bearer ${await shopperToken({ sub: customerId })}`;
    await t.http.put('/v1/me/consents').set('Authorization', auth).send({ targeted_offers: true }).expect(200);
    await t.http.put('/v1/me/consents').set('Authorization', auth).send({ targeted_offers: 'nope' }).expect(400);
    await t.http.post('/v1/privacy/consent-history').set('X-Api-Key', keys.privacy).send({ customerId }).expect(200);
    await t.http.post('/v1/privacy/consent-history').set('X-Api-Key', keys.privacy).send({ customerId: newCustomerId() }).expect(404);
    await t.http.post('/v1/privacy/consent-history').set('X-Api-Key', keys.marketer).send({ customerId }).expect(403);
    (await connectCart(t.url, await shopperToken({ sub: customerId }))).close();
    await expect(connectCart(t.url, 'x.y.z')).rejects.toThrow('unauthorized');
  });
  afterAll(() => t.close());

  function logLines(): string[] {
    return readFileSync(process.env.LOG_FILE as string, 'utf8')
      .split('\n')
      .filter(Boolean);
  }

  it('captured the run: JSON lines with correlation ids', () => {
    const lines = logLines();
    expect(lines.length).toBeGreaterThan(20);
    const parsed = lines.map((l) => JSON.parse(l) as { correlationId?: string; req?: { url: string } });
    const requests = parsed.filter((l) => l.req?.url);
    expect(requests.length).toBeGreaterThan(5);
    for (const r of requests) expect(r.correlationId).toEqual(expect.any(String));
  });

  it('holds no raw customer id', () => {
    const leaks = logLines().filter((line) => line.match(CUSTOMER_ID_PATTERN));
    expect(leaks).toEqual([]);
  });

  it('holds no credential', () => {
    const text = logLines().join('\n');
    expect(text).not.toContain(process.env.ADMIN_API_KEY as string);
    expect(text).not.toMatch(/pk_live_[A-Za-z0-9_-]{20,}/);
    expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/);
    expect(text).not.toContain(TEST_GATEWAY_SECRET);
  });

  it('holds no push token nor Web Push endpoint (push-delivery.e2e-spec registers and pushes to them)', () => {
    const text = logLines().join('\n');
    expect(text.match(PUSH_TOKEN_PATTERN)).toBeNull();
    expect(text.match(PUSH_ENDPOINT_PATTERN)).toBeNull();
  });
});
