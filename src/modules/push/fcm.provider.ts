import { createPrivateKey, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import type { FcmSettings } from '../../config/app-config.js';
import type { ProviderReply } from './domain/push-outcome.js';
import { fcmMessage, type PushMessage } from './domain/push-message.js';
import { Http2Client } from './http2-client.js';
import type { PushProvider, PushTarget } from './push-provider.interface.js';

const FCM_SCOPE = 'https://www.googleapis.com/auth/firebase.messaging';
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** An access token is renewed this long before it expires (Google's last an hour). */
const TOKEN_MARGIN_MS = 5 * 60_000;

interface AccessToken {
  value: string;
  expiresAt: number;
}

/** The token endpoint refused the service account: Panier's credentials, not a device, are at fault. */
class OAuthRefusedError extends Error {
  constructor(readonly statusCode: number) {
    super(`OAuth token endpoint refused the service account (${statusCode})`);
  }
}

/**
 * FCM HTTP v1 (`POST /v1/projects/{id}/messages:send`) over one HTTP/2 session, authorised by
 * OAuth 2 access tokens of the service account, cached until 5 minutes before they expire and
 * asked for once however many sends wait. The token comes from the JWT-bearer grant (RFC 7523,
 * Google's "server to server" flow) at the service account's `token_uri`, written here with jose:
 * google-auth-library ignores `token_uri` and always calls Google's host, which the contract and
 * a local stand-in both rule out. A 401 drops the cached token and the send goes once more.
 * Error answers are read by their `errorCode` (FcmError detail) or `status`, with the faulted field.
 */
export class FcmProvider implements PushProvider {
  readonly name = 'fcm';
  private readonly client: Http2Client;
  private readonly oauth: Http2Client;
  private readonly tokenUri: URL;
  private readonly key: KeyObject;
  private token?: Promise<AccessToken>;

  constructor(
    private readonly settings: FcmSettings,
    options: { timeoutMs: number },
  ) {
    this.key = createPrivateKey(settings.privateKey);
    this.tokenUri = new URL(settings.tokenUri);
    this.client = new Http2Client(settings.url, { timeoutMs: options.timeoutMs, ca: settings.ca });
    this.oauth =
      this.tokenUri.origin === new URL(settings.url).origin
        ? this.client
        : new Http2Client(this.tokenUri.origin, { timeoutMs: options.timeoutMs, ca: settings.ca });
  }

  async send(target: PushTarget, message: PushMessage): Promise<ProviderReply> {
    const body = JSON.stringify(fcmMessage(target.token, target.platform, message, Date.now()));
    const first = await this.post(body);
    if (!('statusCode' in first) || first.statusCode !== 401) return first;
    this.token = undefined;
    return this.post(body);
  }

  close(): void {
    this.client.close();
    this.oauth.close();
  }

  private async post(body: string): Promise<ProviderReply> {
    let bearer: string;
    try {
      bearer = await this.accessToken();
    } catch (error) {
      if (error instanceof OAuthRefusedError) return { statusCode: error.statusCode, reason: 'UNAUTHENTICATED' };
      return { networkError: (error as { code?: string }).code ?? 'oauth' };
    }
    try {
      const path = `/v1/projects/${encodeURIComponent(this.settings.projectId)}/messages:send`;
      const answer = await this.client.request(path, { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' }, body);
      const retryAfter = answer.headers['retry-after'];
      return { statusCode: answer.status, ...(typeof retryAfter === 'string' ? { retryAfter } : {}), ...errorOf(answer.body) };
    } catch (error) {
      return { networkError: (error as { code?: string }).code ?? 'error' };
    }
  }

  private async accessToken(): Promise<string> {
    const cached = this.token;
    if (cached) {
      const token = await cached.catch(() => undefined);
      if (token && token.expiresAt - TOKEN_MARGIN_MS > Date.now()) return token.value;
      if (this.token === cached) this.token = undefined;
    }
    this.token ??= this.fetchToken();
    const pending = this.token;
    try {
      return (await pending).value;
    } catch (error) {
      if (this.token === pending) this.token = undefined;
      throw error;
    }
  }

  private async fetchToken(): Promise<AccessToken> {
    const now = Math.floor(Date.now() / 1000);
    const assertion = await new SignJWT({ scope: FCM_SCOPE })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', ...(this.settings.privateKeyId ? { kid: this.settings.privateKeyId } : {}) })
      .setIssuer(this.settings.clientEmail)
      .setAudience(this.settings.tokenUri)
      .setIssuedAt(now)
      .setExpirationTime(now + 3600)
      .sign(this.key);
    const form = new URLSearchParams({ grant_type: JWT_BEARER, assertion }).toString();
    const answer = await this.oauth.request(
      this.tokenUri.pathname + this.tokenUri.search,
      { 'content-type': 'application/x-www-form-urlencoded' },
      form,
    );
    if (answer.status === 429 || answer.status >= 500)
      throw Object.assign(new Error(`OAuth token endpoint answered ${answer.status}`), { code: 'OAUTH_UNAVAILABLE' });
    if (answer.status !== 200) throw new OAuthRefusedError(answer.status === 401 || answer.status === 403 ? answer.status : 401);
    const json = JSON.parse(answer.body) as { access_token?: unknown; expires_in?: unknown };
    if (typeof json.access_token !== 'string') throw new OAuthRefusedError(401);
    const lifetime = typeof json.expires_in === 'number' ? json.expires_in : 3600;
    return { value: json.access_token, expiresAt: Date.now() + lifetime * 1000 };
  }
}

interface FcmErrorBody {
  error?: {
    status?: string;
    details?: Array<{ '@type'?: string; errorCode?: string; fieldViolations?: Array<{ field?: string }> }>;
  };
}

/** `{ error: { status, details: [{ errorCode }, { fieldViolations: [{ field }] }] } }` → reason and field. */
function errorOf(body: string): { reason?: string; field?: string } {
  if (!body) return {};
  try {
    const error = (JSON.parse(body) as FcmErrorBody).error;
    if (!error) return {};
    const details = error.details ?? [];
    const reason = details.find((d) => typeof d.errorCode === 'string')?.errorCode ?? error.status;
    const field = details.flatMap((d) => d.fieldViolations ?? []).find((v) => typeof v.field === 'string')?.field;
    return { ...(reason ? { reason } : {}), ...(field ? { field } : {}) };
  } catch {
    return {};
  }
}
