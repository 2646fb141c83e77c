import { createPrivateKey, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import type { ApnsSettings } from '../../config/app-config.js';
import type { ProviderReply } from './domain/push-outcome.js';
import { apnsPayload, type PushMessage } from './domain/push-message.js';
import { Http2Client } from './http2-client.js';
import type { PushProvider, PushTarget } from './push-provider.interface.js';

/**
 * Apple refuses provider tokens older than an hour and throttles those renewed more often than
 * every 20 minutes: renewed after 50.
 */
const TOKEN_RENEW_MS = 50 * 60_000;

/**
 * APNs over HTTP/2 with token authentication: an ES256 JWT (`iss` the team id, `kid` the key id,
 * signed with the `.p8` key) in `authorization: bearer`, shared by every stream of the one
 * session, renewed before its hour and at once on `ExpiredProviderToken` (then the push is sent
 * again, once). Headers: `apns-topic` (the bundle id), `apns-push-type: alert`, `apns-priority:
 * 10`, `apns-expiration` (the offer's expiry: APNs drops it after), `apns-collapse-id` (the
 * campaign: a shopper sees one notification per campaign). Answers are read by their `reason`
 * (see push-outcome.ts). Sandbox or production is the URL (PUSH_APNS_URL).
 */
export class ApnsProvider implements PushProvider {
  readonly name = 'apns';
  private readonly client: Http2Client;
  private readonly key: KeyObject;
  private token?: { value: Promise<string>; issuedAt: number };

  constructor(
    private readonly settings: ApnsSettings,
    options: { timeoutMs: number },
  ) {
    this.key = createPrivateKey(settings.key);
    this.client = new Http2Client(settings.url, { timeoutMs: options.timeoutMs, ca: settings.ca });
  }

  async send(target: PushTarget, message: PushMessage): Promise<ProviderReply> {
    const token = this.providerToken();
    const reply = await this.post(target, message, await token.value);
    if (!('reason' in reply) || reply.reason !== 'ExpiredProviderToken') return reply;
    // Renewed once for every stream that met the expired token, then this push goes again.
    if (this.token === token) this.token = undefined;
    return this.post(target, message, await this.providerToken().value);
  }

  close(): void {
    this.client.close();
  }

  private providerToken(): { value: Promise<string>; issuedAt: number } {
    const now = Date.now();
    if (this.token && now - this.token.issuedAt < TOKEN_RENEW_MS) return this.token;
    const value = new SignJWT({})
      .setProtectedHeader({ alg: 'ES256', kid: this.settings.keyId })
      .setIssuer(this.settings.teamId)
      .setIssuedAt(Math.floor(now / 1000))
      .sign(this.key);
    const token = { value, issuedAt: now };
    // A signing failure is not kept: the next push signs again.
    value.catch(() => this.token === token && (this.token = undefined));
    this.token = token;
    return token;
  }

  private async post(target: PushTarget, message: PushMessage, jwt: string): Promise<ProviderReply> {
    const expiresAt = Date.parse(message.data.expiresAt ?? '');
    const headers: Record<string, string> = {
      authorization: `bearer ${jwt}`,
      'content-type': 'application/json',
      'apns-topic': this.settings.topic,
      'apns-push-type': 'alert',
      'apns-priority': '10',
    };
    if (Number.isFinite(expiresAt)) headers['apns-expiration'] = String(Math.floor(expiresAt / 1000));
    if (message.data.campaignId) headers['apns-collapse-id'] = message.data.campaignId;
    try {
      const answer = await this.client.request(`/3/device/${target.token}`, headers, JSON.stringify(apnsPayload(message)));
      const retryAfter = answer.headers['retry-after'];
      return {
        statusCode: answer.status,
        ...(typeof retryAfter === 'string' ? { retryAfter } : {}),
        ...reasonOf(answer.body),
      };
    } catch (error) {
      return { networkError: (error as { code?: string }).code ?? 'error' };
    }
  }
}

/** APNs error bodies are `{ "reason": "BadDeviceToken" }` (and a `timestamp` with 410). */
function reasonOf(body: string): { reason?: string } {
  if (!body) return {};
  try {
    const reason = (JSON.parse(body) as { reason?: unknown }).reason;
    return typeof reason === 'string' ? { reason } : {};
  } catch {
    return {};
  }
}
