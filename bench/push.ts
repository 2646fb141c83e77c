/**
 * Push sends to Apple and Google: Panier's provider path against a bare HTTP/2 client, on the
 * same local fake APNs and FCM (bench/lib/fake-push-server.ts, in a process of its own), in the
 * same run.
 *
 *   npm run bench:push -- [--pushes 100000] [--concurrency 200] [--slow-apns-ms 2000]
 *
 * Panier's path is what a push job does per device once the delivery is read: the offer's message
 * (toPushMessage), PushProviders.send (the provider's gate, the APNs provider token or FCM access
 * token, the HTTP/2 session, the payload for the platform), the reply classified and counted in
 * the metrics. The bare client is one HTTP/2 session, a provider token or access token made once,
 * one prebuilt body, no gate, no queue. Both keep `--concurrency` streams in flight (Panier's
 * gate is set to it). Half the pushes go to APNs, half to FCM; each provider is measured alone.
 * Then a slow APNs (every answer `--slow-apns-ms` late, another fake process): FCM's rate while
 * APNs sends wait, against FCM alone (the per-provider gates keep them apart).
 * Not in these figures: BullMQ and the PostgreSQL reads of a push job (see bench:fanout).
 * Prints a table, then ONE JSON line.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import http2 from 'node:http2';
import { createInterface } from 'node:readline';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { importPKCS8, SignJWT } from 'jose';
import { loadConfig } from '../src/config/app-config.js';
import { MetricsService } from '../src/infra/metrics/metrics.service.js';
import type { PushProviderName } from '../src/modules/devices/domain/device.js';
import { classifyReply } from '../src/modules/push/domain/push-outcome.js';
import { fcmMessage, apnsPayload, toPushMessage } from '../src/modules/push/domain/push-message.js';
import { PushMetrics } from '../src/modules/push/push.metrics.js';
import { PushProviders } from '../src/modules/push/push-providers.service.js';
import { FAKE_APNS_KEY_ID, FAKE_APNS_TEAM_ID, FAKE_APNS_TOPIC } from './lib/fake-apns.js';
import { FAKE_FCM_PROJECT } from './lib/fake-fcm.js';

const { values } = parseArgs({
  options: {
    pushes: { type: 'string', default: '100000' },
    concurrency: { type: 'string', default: '200' },
    'slow-apns-ms': { type: 'string', default: '2000' },
  },
});
const PUSHES = Number(values.pushes);
const CONCURRENCY = Number(values.concurrency);
const SLOW_APNS_MS = Number(values['slow-apns-ms']);
const TARGET = 0.5;
const here = dirname(fileURLToPath(import.meta.url));

interface Fakes {
  env: Record<string, string>;
  fcmAccessToken: string;
  stop(): Promise<void>;
}

async function startFakes(apnsDelayMs: number): Promise<Fakes> {
  const child = spawn(process.execPath, [join(here, 'lib', 'fake-push-server.js'), '--apns-delay-ms', String(apnsDelayMs)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
  const ready = JSON.parse(line) as { env: Record<string, string>; fcmAccessToken: string };
  return {
    ...ready,
    stop: () =>
      new Promise<void>((resolve) => {
        child.on('exit', () => resolve());
        child.stdin.end();
      }),
  };
}

function panierProviders(env: Record<string, string>): PushProviders {
  const key = (n: number) => Buffer.alloc(32, n).toString('base64');
  const config = loadConfig({
    DATABASE_URL: 'postgresql://127.0.0.1/unused',
    ADMIN_API_KEY: 'bench-admin-key-long-enough',
    SHOPPER_JWT_SECRET: 'bench-shopper-secret-that-is-long-enough',
    PSEUDONYM_HMAC_KEYS: `1:${key(1)}`,
    VAULT_KEYS: `1:${key(2)}`,
    PUSH_PROVIDER_CONCURRENCY: String(CONCURRENCY),
    ...env,
  });
  return new PushProviders(config, new PushMetrics(new MetricsService()));
}

const offer = () => ({
  deliveryId: randomBytes(16).toString('hex'),
  campaignId: '5b0c8e1e-4f0a-4d7e-9a55-0c6e2f1d9a01',
  supplierName: 'Test Brand',
  title: '20% off our roast',
  body: 'This week only',
  skus: ['cmp-coffee'],
  discount: { type: 'percent' as const, value: 20 },
  expiresAt: new Date(Date.now() + 86_400_000),
});
const apnsTokenOf = (i: number) => i.toString(16).padStart(64, '0');
const fcmTokenOf = (i: number) => `bench${i}:APA91b-bench-token`;

/** Runs `count` sends with `concurrency` in flight; returns sends per second and how many were not sent. */
async function drive(
  count: number,
  concurrency: number,
  send: (i: number) => Promise<boolean>,
  stopped = () => false,
): Promise<{ perSecond: number; failed: number }> {
  let next = 0;
  let failed = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count && !stopped()) {
        const i = next++;
        if (!(await send(i))) failed++;
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { perSecond: Math.round(count / seconds), failed };
}

/** Panier: what a push job does per device (message, provider send, classification, metrics). */
function panierSender(providers: PushProviders, provider: PushProviderName) {
  const metrics = new PushMetrics(new MetricsService());
  return async (i: number) => {
    const platform = provider === 'apns' ? 'ios' : 'android';
    const token = provider === 'apns' ? apnsTokenOf(i) : fcmTokenOf(i);
    const reply = await providers.send({ platform, provider, token }, toPushMessage(offer()));
    const outcome = reply ? classifyReply(reply, Date.now()) : { kind: 'unsupported' as const };
    metrics.attempts.inc({ provider, result: outcome.kind });
    return outcome.kind === 'sent';
  };
}

/** The bare client: one HTTP/2 session, one prebuilt request, nothing else. */
async function bareSender(env: Record<string, string>, accessToken: string, provider: PushProviderName) {
  const url = provider === 'apns' ? env.PUSH_APNS_URL : env.PUSH_FCM_URL;
  const ca = readFileSync(provider === 'apns' ? env.PUSH_APNS_CA_FILE : env.PUSH_FCM_CA_FILE, 'utf8');
  const session = http2.connect(url, { ca: [...rootCertificates, ca] });
  const message = toPushMessage(offer());
  let headers: http2.OutgoingHttpHeaders;
  let body: string;
  if (provider === 'apns') {
    const key = await importPKCS8(readFileSync(env.PUSH_APNS_KEY_FILE, 'utf8'), 'ES256');
    const jwt = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256', kid: FAKE_APNS_KEY_ID })
      .setIssuer(FAKE_APNS_TEAM_ID)
      .setIssuedAt()
      .sign(key);
    headers = {
      authorization: `bearer ${jwt}`,
      'apns-topic': FAKE_APNS_TOPIC,
      'apns-push-type': 'alert',
      'content-type': 'application/json',
    };
    body = JSON.stringify(apnsPayload(message));
  } else {
    headers = { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' };
    body = JSON.stringify(fcmMessage(fcmTokenOf(0), 'android', message, Date.now()));
  }
  const path = (i: number) => (provider === 'apns' ? `/3/device/${apnsTokenOf(i)}` : `/v1/projects/${FAKE_FCM_PROJECT}/messages:send`);
  const send = (i: number) =>
    new Promise<boolean>((resolve) => {
      const stream = session.request({ ':method': 'POST', ':path': path(i), ...headers });
      let status = 0;
      stream.on('response', (h) => (status = Number(h[':status'])));
      stream.on('data', () => undefined);
      stream.on('end', () => resolve(status === 200));
      stream.on('error', () => resolve(false));
      stream.end(body);
    });
  return { send, close: () => session.close() };
}

const row = (name: string, panier: number, bare: number) =>
  console.log(`${name.padEnd(6)} ${String(panier).padStart(10)} ${String(bare).padStart(10)} ${(panier / bare).toFixed(2).padStart(8)}`);

const perProvider = Math.floor(PUSHES / 2);
const fakes = await startFakes(0);
const results: Record<string, { panier: number; bare: number; ratio: number; failed: number }> = {};
try {
  const providers = panierProviders(fakes.env);
  // Warm-up: sessions open, tokens made, code paths compiled.
  for (const provider of ['apns', 'fcm'] as const) await drive(2000, CONCURRENCY, panierSender(providers, provider));
  console.log(`${perProvider} pushes per provider, ${CONCURRENCY} in flight\n`);
  console.log('         panier/s     bare/s    ratio');
  for (const provider of ['apns', 'fcm'] as const) {
    const bare = await bareSender(fakes.env, fakes.fcmAccessToken, provider);
    await drive(2000, CONCURRENCY, bare.send);
    const bareRun = await drive(perProvider, CONCURRENCY, bare.send);
    bare.close();
    const panierRun = await drive(perProvider, CONCURRENCY, panierSender(providers, provider));
    results[provider] = {
      panier: panierRun.perSecond,
      bare: bareRun.perSecond,
      ratio: Math.round((panierRun.perSecond / bareRun.perSecond) * 100) / 100,
      failed: panierRun.failed + bareRun.failed,
    };
    row(provider, panierRun.perSecond, bareRun.perSecond);
  }
  providers.onApplicationShutdown();
} finally {
  await fakes.stop();
}

// A slow APNs beside FCM: FCM alone, then FCM while APNs answers every push SLOW_APNS_MS late.
const slow = await startFakes(SLOW_APNS_MS);
let isolation: { fcmAlone: number; fcmBesideSlowApns: number; ratio: number };
try {
  const providers = panierProviders(slow.env);
  const fcmCount = Math.floor(perProvider / 2);
  await drive(2000, CONCURRENCY, panierSender(providers, 'fcm'));
  const alone = await drive(fcmCount, CONCURRENCY, panierSender(providers, 'fcm'));
  let fcmDone = false;
  // More APNs sends waiting than its gate lets through: they queue at APNs' gate, not FCM's.
  const apnsLoad = drive(Number.MAX_SAFE_INTEGER, CONCURRENCY * 2, panierSender(providers, 'apns'), () => fcmDone);
  const beside = await drive(fcmCount, CONCURRENCY, panierSender(providers, 'fcm'));
  fcmDone = true;
  await apnsLoad;
  providers.onApplicationShutdown();
  isolation = {
    fcmAlone: alone.perSecond,
    fcmBesideSlowApns: beside.perSecond,
    ratio: Math.round((beside.perSecond / alone.perSecond) * 100) / 100,
  };
  console.log(
    `\nFCM alone ${alone.perSecond}/s; beside an APNs answering ${SLOW_APNS_MS} ms late: ${beside.perSecond}/s (${isolation.ratio})`,
  );
} finally {
  await slow.stop();
}

const ok = Object.values(results).every((r) => r.ratio >= TARGET && r.failed === 0);
console.log(`\ntarget: panier ≥ ${TARGET} × bare per provider: ${ok ? 'met' : 'NOT met'}`);
console.log(
  JSON.stringify({
    bench: 'push',
    pushes: perProvider * 2,
    concurrency: CONCURRENCY,
    apns: results.apns,
    fcm: results.fcm,
    slowApns: { delayMs: SLOW_APNS_MS, ...isolation },
    target: TARGET,
    met: ok,
  }),
);
process.exit(0);
