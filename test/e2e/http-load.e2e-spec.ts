import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { withEnv } from '../support/env.js';

/** What the server answers to a request whose body never finishes arriving: the status line and body, once it closes. */
function stalledRequest(url: string, path: string, headers: Record<string, string>): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
    const head = Object.entries({ Host: 'localhost', 'Content-Type': 'application/json', 'Content-Length': '1000', ...headers })
      .map(([k, v]) => `${k}: ${v}`)
      .join('\r\n');
    // A tenth of the announced body, then nothing.
    socket.write(`PUT ${path} HTTP/1.1\r\n${head}\r\n\r\n{"a":"${'x'.repeat(90)}`);
  });
}

describe('unauthenticated HTTP load', () => {
  let t: TestApp;
  let restore: () => void;
  beforeAll(async () => {
    restore = withEnv({
      // A key prefix of its own: other files' requests from this address do not count here.
      REDIS_KEY_PREFIX: `panier-test-load-${randomUUID()}:`,
      RATE_LIMIT_PER_IP: '3',
      HTTP_REQUEST_TIMEOUT_MS: '300',
      HTTP_BULK_REQUEST_TIMEOUT_MS: '1800000',
    });
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
    restore();
  });

  it('gives only the bulk upload the long request timeout', async () => {
    expect(t.app.getHttpServer().requestTimeout).toBe(1_800_000);
    // A normal route whose body stalls is cut at its own, short timeout (300 ms here).
    const answer = await stalledRequest(t.url, '/v1/me/consents', { Authorization: 'Bearer x' });
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(answer).toContain('"code":"REQUEST_TIMEOUT"');
  });

  it('refuses a client over its per-address limit before parsing its body', async () => {
    // An address of its own (the loopback proxy is trusted), so that the count starts here.
    const client = { 'X-Forwarded-For': '203.0.113.7', 'Content-Type': 'application/json' };
    const malformed = '{"sku": ';
    // Under the limit, the body is parsed, and found malformed.
    await t.http.put('/v1/products').set(client).set('X-Api-Key', t.adminKey).send(malformed).expect(400);
    await t.http.get('/v1/suppliers').set(client).set('X-Api-Key', t.adminKey).expect(200);
    await t.http.get('/v1/suppliers').set(client).set('X-Api-Key', t.adminKey).expect(200);
    // Over it, a large malformed body without credentials is refused unread: 429, not 400.
    const large = `[${'{"sku":"a","name":"b"},'.repeat(200_000)}`;
    const res = await t.http.put('/v1/products').set(client).send(large);
    expect(res.status).toBe(429);
    expect(res.body).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED' });
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    // Another address is not affected.
    await t.http
      .put('/v1/products')
      .set({ ...client, 'X-Forwarded-For': '203.0.113.8' })
      .send(malformed)
      .expect(400);
    // Probes are never limited.
    await t.http.get('/health/live').set(client).expect(200);
  });
});
