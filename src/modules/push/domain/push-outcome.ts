import type { PushStatus } from './push-status.js';

/**
 * What a provider answered for one device: an HTTP status, its Retry-After, the provider's reason
 * (APNs `reason`, FCM `errorCode` or `status`) and the request field it faulted (FCM's
 * `fieldViolations`); or no answer at all.
 */
export type ProviderReply = { statusCode: number; retryAfter?: string; reason?: string; field?: string } | { networkError: string };

/**
 * One device's outcome: `sent` (2xx), `dead` (the token is gone or was never this app's: the
 * device is deleted), `retry` (429, 5xx, 408, no answer: tried again later, after `afterMs` when
 * the provider said so), `unauthorized` (the provider refused Panier's own credentials: the token
 * is kept, the provider is left alone for a while and the push tried again), `rejected` (any
 * other 4xx: this message will never be accepted, the device is kept), `unsupported` (no provider
 * configured for the device).
 */
export type DeviceOutcome =
  | { kind: 'sent' }
  | { kind: 'dead' }
  | { kind: 'retry'; afterMs?: number }
  | { kind: 'unauthorized'; afterMs?: number }
  | { kind: 'rejected' }
  | { kind: 'unsupported' };

export type DeviceOutcomeKind = DeviceOutcome['kind'];

/**
 * Reasons that say the token will never work again: APNs `Unregistered` (410), `BadDeviceToken`
 * and `DeviceTokenNotForTopic` (400); FCM `UNREGISTERED` (404) and `SENDER_ID_MISMATCH` (403: a
 * token of another Firebase project).
 */
const DEAD_REASONS: ReadonlySet<string> = new Set([
  'Unregistered',
  'BadDeviceToken',
  'DeviceTokenNotForTopic',
  'UNREGISTERED',
  'SENDER_ID_MISMATCH',
]);
/**
 * Reasons that blame Panier's credentials, not the device: APNs provider-token errors (403;
 * `ExpiredProviderToken` only once a fresh token was refused too), FCM `THIRD_PARTY_AUTH_ERROR`
 * (the APNs key uploaded to Firebase) and an OAuth refusal.
 */
const AUTH_REASONS: ReadonlySet<string> = new Set([
  'InvalidProviderToken',
  'MissingProviderToken',
  'ExpiredProviderToken',
  'TooManyProviderTokenUpdates',
  'BadCertificate',
  'BadCertificateEnvironment',
  'THIRD_PARTY_AUTH_ERROR',
  'PERMISSION_DENIED',
  'UNAUTHENTICATED',
]);
/** APNs 404 `BadPath` and 405, FCM 404 `NOT_FOUND` (an unknown project) blame the request's address, not the token. */
const ADDRESS_REASONS: ReadonlySet<string> = new Set(['BadPath', 'MethodNotAllowed', 'NOT_FOUND']);

/** The request field of the device token in an FCM v1 message. */
const FCM_TOKEN_FIELD = 'message.token';

/** Reads a provider's answer as its documentation says (the reason first, then the status). */
export function classifyReply(reply: ProviderReply, now: number): DeviceOutcome {
  if ('networkError' in reply) return { kind: 'retry' };
  const { statusCode, reason } = reply;
  if (statusCode >= 200 && statusCode < 300) return { kind: 'sent' };
  if (reason && DEAD_REASONS.has(reason)) return { kind: 'dead' };
  if (reason === 'INVALID_ARGUMENT' && reply.field === FCM_TOKEN_FIELD) return { kind: 'dead' };
  if ((reason && AUTH_REASONS.has(reason)) || statusCode === 401 || statusCode === 403) return { kind: 'unauthorized' };
  if (reason && ADDRESS_REASONS.has(reason)) return { kind: 'rejected' };
  if (statusCode === 404 || statusCode === 410) return { kind: 'dead' };
  if (statusCode === 429 || statusCode === 408 || statusCode >= 500) {
    const afterMs = parseRetryAfter(reply.retryAfter, now);
    return afterMs === undefined ? { kind: 'retry' } : { kind: 'retry', afterMs };
  }
  return { kind: 'rejected' };
}

/** `Retry-After` as delay-seconds or an HTTP date, in ms from `now`; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | undefined, now: number): number | undefined {
  if (!header) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP date ends in GMT (RFC 9110); Date.parse would also take "-5" for a year.
  if (!/ GMT$/.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The delivery's status after an attempt, or `retry` when devices are left to try again. */
export type SendVerdict = { status: PushStatus } | { retry: true; afterMs?: number };

/**
 * Sums up the devices of one attempt. `previouslySent` counts devices sent by earlier attempts
 * (a retry only tries the others). Devices left to retry → retry (with the longest Retry-After
 * asked), unless this was the last attempt; then sent to any device → `sent`; no device, or
 * only dead ones (404/410, deleted) → `no_device`; besides dead ones, only platforms without a
 * provider → `unavailable`; else (refusals, attempts exhausted) `failed`.
 */
export function verdictOf(outcomes: readonly DeviceOutcome[], previouslySent: number, lastAttempt: boolean): SendVerdict {
  const retries = outcomes.filter(
    (o): o is { kind: 'retry' | 'unauthorized'; afterMs?: number } => o.kind === 'retry' || o.kind === 'unauthorized',
  );
  if (retries.length > 0 && !lastAttempt) {
    const waits = retries.flatMap((r) => (r.afterMs === undefined ? [] : [r.afterMs]));
    return waits.length > 0 ? { retry: true, afterMs: Math.max(...waits) } : { retry: true };
  }
  if (previouslySent > 0 || outcomes.some((o) => o.kind === 'sent')) return { status: 'sent' };
  // Dead devices are deleted: judged by the devices left, a shopper whose devices were all dead has none.
  const live = outcomes.filter((o) => o.kind !== 'dead');
  if (live.length === 0) return { status: 'no_device' };
  if (live.every((o) => o.kind === 'unsupported')) return { status: 'unavailable' };
  return { status: 'failed' };
}

/**
 * The delay before the next attempt: exponential from `baseMs` (up to 1×, 2×, 4×… after the 1st,
 * 2nd, 3rd… attempt) with full jitter (a uniform draw below it, so that sends that failed
 * together do not come back together), or the provider's Retry-After when longer, never more
 * than `maxMs`.
 */
export function retryDelay(attemptsMade: number, baseMs: number, maxMs: number, retryAfterMs?: number, random = Math.random): number {
  const exponential = Math.min(maxMs, baseMs * 2 ** Math.max(0, attemptsMade - 1));
  return Math.min(maxMs, Math.max(Math.round(random() * exponential), retryAfterMs ?? 0));
}
