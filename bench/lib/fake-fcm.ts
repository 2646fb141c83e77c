import { generateKeyPairSync, randomBytes, randomUUID, type KeyObject } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import type http2 from 'node:http2';
import { join } from 'node:path';
import { jwtVerify } from 'jose';
import { localCertificate, type LocalCertificate, LocalHttp2Server, type ScriptedAnswer, Scripts } from './fake-tls.js';

export const FAKE_FCM_PROJECT = 'panier-test';
const CLIENT_EMAIL = 'push@panier-test.iam.gserviceaccount.com';
const SCOPE = 'https://www.googleapis.com/auth/firebase.messaging';
/** Google's status names by HTTP status, for error bodies. */
const STATUS_OF: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};

/** One message FCM was asked to send, as it arrived. */
export interface FcmRequest {
  token: string;
  message: Record<string, unknown>;
  bearer: string;
  status: number;
  at: number;
}

/**
 * A local FCM over HTTP/2 and TLS (trusted through PUSH_FCM_CA_FILE) with its OAuth token
 * endpoint, answering as Google documents: `POST /token` takes the JWT-bearer grant signed with
 * the service account's key (signature, `iss`, `aud` = token_uri and scope checked) and gives an
 * access token for an hour; `POST /v1/projects/<id>/messages:send` wants one of those as bearer
 * (401 UNAUTHENTICATED otherwise), and answers `{ name }` or what the test scripted for the
 * device token, as a google.rpc error with an FcmError `errorCode` (and the faulted field).
 */
export class FakeFcm {
  readonly requests: FcmRequest[] = [];
  readonly serviceAccountFile: string;
  /** Access tokens issued by the token endpoint. */
  readonly issued: string[] = [];
  private readonly scripts = new Scripts();
  private readonly publicKey: KeyObject;
  private readonly valid = new Set<string>();
  private readonly server: LocalHttp2Server;
  record = true;
  answered = 0;

  private constructor(private readonly tls: LocalCertificate) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.publicKey = publicKey;
    this.serviceAccountFile = join(tls.dir, 'service-account.json');
    this.server = new LocalHttp2Server(tls, (stream, headers, body) => this.route(stream, headers, body.toString('utf8')), {
      allowHTTP1: true,
    });
    this.privatePem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  }

  private readonly privatePem: string;

  static async start(): Promise<FakeFcm> {
    const fake = new FakeFcm(localCertificate('fcm'));
    await fake.server.listen();
    writeFileSync(
      fake.serviceAccountFile,
      JSON.stringify({
        type: 'service_account',
        project_id: FAKE_FCM_PROJECT,
        private_key_id: randomBytes(20).toString('hex'),
        private_key: fake.privatePem,
        client_email: CLIENT_EMAIL,
        token_uri: `${fake.url}/token`,
      }),
    );
    return fake;
  }

  get url(): string {
    return this.server.url;
  }

  /** The service's environment for this FCM. */
  env(): Record<string, string> {
    return { PUSH_FCM_SERVICE_ACCOUNT_FILE: this.serviceAccountFile, PUSH_FCM_URL: this.url, PUSH_FCM_CA_FILE: this.tls.caFile };
  }

  script(token: string, ...answers: ScriptedAnswer[]): void {
    this.scripts.set(token, answers);
  }

  /** An access token, as the token endpoint would give one (for a bare client in the benchmark). */
  grantToken(): string {
    const accessToken = `ya29.${randomBytes(24).toString('base64url')}`;
    this.valid.add(accessToken);
    return accessToken;
  }

  /** Access tokens issued so far stop working (revoked, or expired early). */
  revokeAccessTokens(): void {
    this.valid.clear();
  }

  requestsFor(token: string): FcmRequest[] {
    return this.requests.filter((r) => r.token === token);
  }

  close(): Promise<void> {
    return this.server.close();
  }

  private async route(stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders, body: string): Promise<void> {
    const path = headers[':path'] ?? '';
    if (path === '/token') return this.token(stream, body);
    const project = /^\/v1\/projects\/([^/]+)\/messages:send$/.exec(path)?.[1];
    const bearer = String(headers.authorization ?? '').replace(/^Bearer /, '');
    let message: Record<string, unknown> = {};
    try {
      message = (JSON.parse(body) as { message?: Record<string, unknown> }).message ?? {};
    } catch {
      // answered INVALID_ARGUMENT below
    }
    const token = typeof message.token === 'string' ? message.token : '';
    let answer: ScriptedAnswer;
    if (!this.valid.has(bearer)) answer = { status: 401 };
    else if (project !== FAKE_FCM_PROJECT) answer = { status: 404 };
    else if (!token) answer = { status: 400, reason: 'INVALID_ARGUMENT', field: 'message.token' };
    else answer = this.scripts.next(token) ?? { status: 200 };
    this.answered++;
    if (this.record) this.requests.push({ token, message, bearer, status: answer.status, at: Date.now() });
    if (stream.destroyed) return;
    const out: http2.OutgoingHttpHeaders = { ':status': answer.status, 'content-type': 'application/json; charset=UTF-8' };
    if (answer.retryAfter) out['retry-after'] = answer.retryAfter;
    stream.respond(out);
    if (answer.status === 200) return void stream.end(JSON.stringify({ name: `projects/${FAKE_FCM_PROJECT}/messages/${randomUUID()}` }));
    stream.end(JSON.stringify(errorBody(answer)));
  }

  /** The OAuth 2 JWT-bearer grant, as Google's token endpoint checks it. */
  private async token(stream: http2.ServerHttp2Stream, body: string): Promise<void> {
    const form = new URLSearchParams(body);
    let ok = form.get('grant_type') === 'urn:ietf:params:oauth:grant-type:jwt-bearer';
    if (ok)
      try {
        const { payload } = await jwtVerify(form.get('assertion') ?? '', this.publicKey, {
          algorithms: ['RS256'],
          issuer: CLIENT_EMAIL,
          audience: `${this.url}/token`,
        });
        ok = payload.scope === SCOPE;
      } catch {
        ok = false;
      }
    if (stream.destroyed) return;
    stream.respond({ ':status': ok ? 200 : 400, 'content-type': 'application/json' });
    if (!ok) return void stream.end(JSON.stringify({ error: 'invalid_grant', error_description: 'Invalid JWT Signature.' }));
    const accessToken = `ya29.${randomBytes(24).toString('base64url')}`;
    this.valid.add(accessToken);
    this.issued.push(accessToken);
    stream.end(JSON.stringify({ access_token: accessToken, expires_in: 3599, token_type: 'Bearer' }));
  }
}

/** A google.rpc error as FCM v1 answers it. */
function errorBody(answer: ScriptedAnswer): object {
  const status = STATUS_OF[answer.status] ?? 'UNKNOWN';
  const details: object[] = [{ '@type': 'type.googleapis.com/google.firebase.fcm.v1.FcmError', errorCode: answer.reason ?? status }];
  if (answer.field)
    details.push({
      '@type': 'type.googleapis.com/google.rpc.BadRequest',
      fieldViolations: [{ field: answer.field, description: 'Invalid value' }],
    });
  return { error: { code: answer.status, message: `FCM answered ${status}`, status, details } };
}
