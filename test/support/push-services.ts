import { execFileSync } from 'node:child_process';
import { createDecipheriv, createECDH, generateKeyPairSync, hkdfSync, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A native push token with a recognisable pattern (the log-redaction test looks for it): a gateway device's. */
export const PUSH_TOKEN_PATTERN = /push-token-[0-9a-f]{8}-[0-9a-f-]{27}/g;
export const pushToken = (platform: 'apns' | 'fcm') => `push-token-${randomUUID()}-${platform}`;
/** An APNs device token: 32 bytes in hex. */
export const apnsToken = () => randomBytes(32).toString('hex');
/** An FCM registration token (instance id, colon, opaque base64url). */
export const fcmToken = () => `${randomBytes(8).toString('base64url')}:APA91b${randomBytes(48).toString('base64url')}`;

/**
 * APNs and FCM credentials (a .p8 key, a service account) that let devices of both register,
 * for tests that never push: their endpoints are a closed local port.
 */
export function nativePushCredentials(): { env: Record<string, string>; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'panier-creds-'));
  const p8 = join(dir, 'AuthKey.p8');
  writeFileSync(p8, generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }));
  const account = join(dir, 'service-account.json');
  const privateKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' });
  writeFileSync(
    account,
    JSON.stringify({
      project_id: 'panier-test',
      client_email: 'push@panier-test.example',
      private_key: privateKey,
      token_uri: 'https://127.0.0.1:9/token',
    }),
  );
  return {
    env: {
      PUSH_APNS_KEY_FILE: p8,
      PUSH_APNS_KEY_ID: 'ABC123DEFG',
      PUSH_APNS_TEAM_ID: 'DEF123GHIJ',
      PUSH_APNS_TOPIC: 'com.example.panier',
      PUSH_APNS_URL: 'https://127.0.0.1:9',
      PUSH_FCM_SERVICE_ACCOUNT_FILE: account,
      PUSH_FCM_URL: 'https://127.0.0.1:9',
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
/** Web Push endpoints of the fake service have this path (the log-redaction test looks for it). */
export const PUSH_ENDPOINT_PATTERN = /\/push\/[0-9a-f]{16}/g;
export const TEST_GATEWAY_SECRET = 'test-gateway-secret-0123456789';

/** How a fake service answers one request: a status and, optionally, a Retry-After. */
export interface Answer {
  status: number;
  retryAfter?: string;
}

export interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/**
 * A real HTTP server standing in for a push service: records every request and answers what the
 * test scripted for its key (the token for the gateway, the path for Web Push), 201 otherwise.
 */
abstract class FakeService {
  readonly received: Received[] = [];
  private readonly scripts = new Map<string, Answer[]>();
  protected abstract server: http.Server;

  /** The answers for a key, in order; the last one repeats. */
  script(key: string, ...answers: Answer[]): void {
    this.scripts.set(key, answers);
  }

  protected answer(key: string): Answer {
    const answers = this.scripts.get(key);
    if (!answers || answers.length === 0) return { status: 201 };
    return answers.length > 1 ? (answers.shift() as Answer) : answers[0];
  }

  protected handle(keyOf: (r: Received) => string) {
    return (req: http.IncomingMessage, res: http.ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const received = { path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
        this.received.push(received);
        const { status, retryAfter } = this.answer(keyOf(received));
        res.writeHead(status, retryAfter ? { 'retry-after': retryAfter } : {});
        res.end();
      });
    };
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** The retailer's notification gateway: JSON bodies `{ platform, token, title, body, data }`, keyed by token. */
export class FakeGateway extends FakeService {
  protected server = http.createServer(this.handle((r) => (JSON.parse(r.body.toString()) as { token: string }).token));

  static async start(): Promise<FakeGateway> {
    const gateway = new FakeGateway();
    await new Promise<void>((resolve) => gateway.server.listen(0, '127.0.0.1', resolve));
    return gateway;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/v1/push`;
  }

  requestsFor(token: string): Array<{ headers: http.IncomingHttpHeaders; json: Record<string, unknown> }> {
    return this.received
      .map((r) => ({ headers: r.headers, json: JSON.parse(r.body.toString()) as Record<string, unknown> }))
      .filter((r) => r.json.token === token);
  }
}

/**
 * A browser vendor's push service over https (device validation wants https endpoints), with a
 * self-signed certificate made by openssl for this run; Panier trusts it through PUSH_CA_FILE.
 * Keyed by path: each subscription gets its own endpoint path.
 */
export class FakeWebPushService extends FakeService {
  protected server: https.Server;
  readonly caFile: string;
  private readonly dir: string;

  private constructor() {
    super();
    this.dir = mkdtempSync(join(tmpdir(), 'panier-push-'));
    const key = join(this.dir, 'key.pem');
    this.caFile = join(this.dir, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        key,
        '-out',
        this.caFile,
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    this.server = https.createServer(
      { key: readFileSync(key), cert: readFileSync(this.caFile) },
      this.handle((r) => r.path),
    );
  }

  static async start(): Promise<FakeWebPushService> {
    const service = new FakeWebPushService();
    await new Promise<void>((resolve) => service.server.listen(0, '127.0.0.1', resolve));
    return service;
  }

  /** A browser's subscription to this service, with its own keys (to read what was sent to it). */
  subscribe(): BrowserSubscription {
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    const auth = randomBytes(16);
    const path = `/push/${randomBytes(8).toString('hex')}`;
    return {
      path,
      json: {
        endpoint: `https://127.0.0.1:${this.port}${path}`,
        keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') },
      },
      decrypt: (body) => decryptAes128gcm(body, ecdh, auth),
    };
  }

  requestsTo(path: string): Received[] {
    return this.received.filter((r) => r.path === path);
  }

  override async close(): Promise<void> {
    await super.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface BrowserSubscription {
  path: string;
  json: { endpoint: string; keys: { p256dh: string; auth: string } };
  decrypt(body: Buffer): string;
}

/** What the browser does with a Web Push message (RFC 8291 / RFC 8188 aes128gcm), written from the RFCs. */
function decryptAes128gcm(body: Buffer, ecdh: ReturnType<typeof createECDH>, auth: Buffer): string {
  const salt = body.subarray(0, 16);
  const idLength = body[20];
  const senderKey = body.subarray(21, 21 + idLength);
  const ciphertext = body.subarray(21 + idLength);
  const shared = ecdh.computeSecret(senderKey);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), ecdh.getPublicKey(), senderKey]);
  const ikm = Buffer.from(hkdfSync('sha256', shared, auth, keyInfo, 32));
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
  const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
  const padded = Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - 16)), decipher.final()]);
  let end = padded.length - 1;
  while (end > 0 && padded[end] === 0) end--;
  if (padded[end] !== 2) throw new Error('not the last record of an aes128gcm message');
  return padded.subarray(0, end).toString('utf8');
}
