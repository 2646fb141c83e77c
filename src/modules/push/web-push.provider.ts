import https from 'node:https';
import { rootCertificates } from 'node:tls';
import webpush from 'web-push';
import type { PushConfig } from '../../config/app-config.js';
import { isWebPushHost } from '../devices/domain/device.js';
import type { ProviderReply } from './domain/push-outcome.js';
import { type PushMessage, webPushPayload } from './domain/push-message.js';
import type { PushProvider, PushTarget } from './push-provider.interface.js';

type WebConfig = Required<PushConfig>['web'];

/**
 * Web Push with VAPID through the `web-push` library: the device token is the browser's
 * subscription (canonical JSON: endpoint and keys), the payload is encrypted to it and POSTed to
 * its endpoint (the browser vendor's push service). web-push rejects non-2xx answers with a
 * WebPushError carrying `statusCode` and `headers` (and the endpoint, which is why its errors are
 * never logged as they are).
 */
export class WebPushProvider implements PushProvider {
  readonly name = 'webpush';
  private readonly agent: https.Agent;

  constructor(
    private readonly web: WebConfig,
    private readonly options: { ttlSeconds: number; timeoutMs: number; ca?: string; hosts: readonly string[] },
  ) {
    this.agent = new https.Agent({ keepAlive: true, ca: options.ca ? [...rootCertificates, options.ca] : undefined });
  }

  async send(target: PushTarget, message: PushMessage): Promise<ProviderReply> {
    let subscription: webpush.PushSubscription;
    try {
      subscription = JSON.parse(target.token) as webpush.PushSubscription;
      // Checked at registration too: a device registered before the list changed is refused here.
      if (!isWebPushHost(new URL(subscription.endpoint).hostname, this.options.hosts)) return { statusCode: 400 };
    } catch {
      return { statusCode: 400 };
    }
    try {
      const result = await webpush.sendNotification(subscription, webPushPayload(message), {
        vapidDetails: { subject: this.web.subject, publicKey: this.web.publicKey, privateKey: this.web.privateKey },
        // Not kept by the push service past the offer's expiry.
        TTL: ttlUntil(message.data.expiresAt, this.options.ttlSeconds),
        timeout: this.options.timeoutMs,
        urgency: 'normal',
        agent: this.agent,
      });
      return { statusCode: result.statusCode };
    } catch (error) {
      return replyOfError(error);
    }
  }

  close(): void {
    this.agent.destroy();
  }
}

/** A WebPushError's status, a network error's code, or a local refusal (a subscription web-push cannot use). */
function replyOfError(error: unknown): ProviderReply {
  const e = error as { statusCode?: unknown; headers?: Record<string, string | undefined>; code?: unknown; message?: unknown };
  if (typeof e.statusCode === 'number') return { statusCode: e.statusCode, retryAfter: e.headers?.['retry-after'] };
  if (typeof e.code === 'string') return { networkError: e.code };
  if (typeof e.message === 'string' && /timeout/i.test(e.message)) return { networkError: 'timeout' };
  return { statusCode: 400 };
}

/** The configured TTL, shortened to the seconds left before `expiresAt` (ISO) when that is sooner. */
function ttlUntil(expiresAt: string | undefined, ttlSeconds: number): number {
  const left = expiresAt ? Math.floor((Date.parse(expiresAt) - Date.now()) / 1000) : NaN;
  return Number.isFinite(left) ? Math.max(0, Math.min(ttlSeconds, left)) : ttlSeconds;
}
