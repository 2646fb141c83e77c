import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import type http2 from 'node:http2';
import { join } from 'node:path';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { localCertificate, type LocalCertificate, LocalHttp2Server, type ScriptedAnswer, Scripts } from './fake-tls.js';

export const FAKE_APNS_KEY_ID = 'ABC123DEFG';
export const FAKE_APNS_TEAM_ID = 'DEF123GHIJ';
export const FAKE_APNS_TOPIC = 'com.example.panier';

/** One push APNs accepted or refused, as it arrived. */
export interface ApnsRequest {
  token: string;
  headers: http2.IncomingHttpHeaders;
  /** The provider token (JWT) it came with. */
  jwt: string;
  payload: Record<string, unknown>;
  status: number;
  at: number;
}

/**
 * A local APNs over HTTP/2 and TLS (a certificate made for the run, trusted through
 * PUSH_APNS_CA_FILE) that answers as Apple documents: `POST /3/device/<token>` with a provider
 * token whose ES256 signature, `kid` and `iss` it verifies (403 InvalidProviderToken otherwise,
 * 403 ExpiredProviderToken for a token older than an hour or one `expireTokens` marked), the topic
 * checked, 200 with an `apns-id`, or what the test scripted for the token.
 */
export class FakeApns {
  readonly requests: ApnsRequest[] = [];
  readonly keyFile: string;
  private readonly scripts = new Scripts();
  private readonly publicKey: KeyObject;
  private readonly verified = new Set<string>();
  private readonly expired = new Set<string>();
  private readonly server: LocalHttp2Server;
  /** Keep nothing per request (the benchmark sends 100,000). */
  record = true;
  /** Requests answered, recorded or not. */
  answered = 0;
  /** How long each answer takes (a slow APNs, for the benchmark). */
  delayMs = 0;
  private revoked = false;

  private constructor(private readonly tls: LocalCertificate) {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.publicKey = publicKey;
    this.keyFile = join(tls.dir, `AuthKey_${FAKE_APNS_KEY_ID}.p8`);
    writeFileSync(this.keyFile, privateKey.export({ format: 'pem', type: 'pkcs8' }));
    this.server = new LocalHttp2Server(tls, (stream, headers, body) => this.answer(stream, headers, body));
  }

  static async start(): Promise<FakeApns> {
    const fake = new FakeApns(localCertificate('apns'));
    await fake.server.listen();
    return fake;
  }

  get url(): string {
    return this.server.url;
  }

  get caFile(): string {
    return this.tls.caFile;
  }

  /** The service's environment for this APNs. */
  env(): Record<string, string> {
    return {
      PUSH_APNS_KEY_FILE: this.keyFile,
      PUSH_APNS_KEY_ID: FAKE_APNS_KEY_ID,
      PUSH_APNS_TEAM_ID: FAKE_APNS_TEAM_ID,
      PUSH_APNS_TOPIC: FAKE_APNS_TOPIC,
      PUSH_APNS_URL: this.url,
      PUSH_APNS_CA_FILE: this.caFile,
    };
  }

  script(token: string, ...answers: ScriptedAnswer[]): void {
    this.scripts.set(token, answers);
  }

  /** The key revoked in Apple's portal (or not any more): every provider token is refused InvalidProviderToken. */
  revokeKey(revoked = true): void {
    this.revoked = revoked;
  }

  /** Every provider token seen so far is now too old: the next push with one is answered ExpiredProviderToken. */
  expireTokens(): void {
    for (const jwt of this.verified) this.expired.add(jwt);
  }

  requestsFor(token: string): ApnsRequest[] {
    return this.requests.filter((r) => r.token === token);
  }

  close(): Promise<void> {
    return this.server.close();
  }

  private async answer(stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders, body: Buffer): Promise<void> {
    const path = headers[':path'] ?? '';
    const token = /^\/3\/device\/([0-9a-f]+)$/.exec(path)?.[1];
    const jwt = String(headers.authorization ?? '').replace(/^bearer /, '');
    let answer: ScriptedAnswer = (await this.authProblem(jwt)) ?? { status: 200 };
    if (answer.status === 200) {
      if (headers[':method'] !== 'POST') answer = { status: 405, reason: 'MethodNotAllowed' };
      else if (!token) answer = { status: 404, reason: 'BadPath' };
      else if (!headers['apns-topic']) answer = { status: 400, reason: 'MissingTopic' };
      else if (headers['apns-topic'] !== FAKE_APNS_TOPIC) answer = { status: 400, reason: 'DeviceTokenNotForTopic' };
      else answer = this.scripts.next(token) ?? answer;
    }
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    this.answered++;
    if (this.record) this.requests.push({ token: token ?? '', headers, jwt, payload: parse(body), status: answer.status, at: Date.now() });
    if (stream.destroyed) return;
    const out: http2.OutgoingHttpHeaders = { ':status': answer.status, 'apns-id': randomUUID() };
    if (answer.retryAfter) out['retry-after'] = answer.retryAfter;
    if (answer.status === 200) {
      stream.respond(out, { endStream: true });
      return;
    }
    stream.respond({ ...out, 'content-type': 'application/json' });
    stream.end(
      JSON.stringify({ reason: answer.reason ?? 'InternalServerError', ...(answer.status === 410 ? { timestamp: Date.now() } : {}) }),
    );
  }

  /** Apple's checks of the provider token: signature with the team's key, `kid`, `iss`, age. */
  private async authProblem(jwt: string): Promise<ScriptedAnswer | undefined> {
    if (!jwt) return { status: 403, reason: 'MissingProviderToken' };
    if (this.revoked) return { status: 403, reason: 'InvalidProviderToken' };
    if (this.expired.has(jwt)) return { status: 403, reason: 'ExpiredProviderToken' };
    if (this.verified.has(jwt)) return undefined;
    try {
      if (decodeProtectedHeader(jwt).kid !== FAKE_APNS_KEY_ID) return { status: 403, reason: 'InvalidProviderToken' };
      const { payload } = await jwtVerify(jwt, this.publicKey, { algorithms: ['ES256'], issuer: FAKE_APNS_TEAM_ID });
      if (typeof payload.iat !== 'number' || Date.now() / 1000 - payload.iat > 3600) return { status: 403, reason: 'ExpiredProviderToken' };
    } catch {
      return { status: 403, reason: 'InvalidProviderToken' };
    }
    this.verified.add(jwt);
    return undefined;
  }
}

function parse(body: Buffer): Record<string, unknown> {
  try {
    return JSON.parse(body.toString('utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
}
