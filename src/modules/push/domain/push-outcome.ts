import type { PushStatus } from './push-status.js';

/** What a provider answered for one device: an HTTP status (and its Retry-After), or no answer at all. */
export type ProviderReply = { statusCode: number; retryAfter?: string } | { networkError: string };

/**
 * One device's outcome: `sent` (2xx), `dead` (404/410: the token or subscription is gone, the
 * device is deleted), `retry` (429, 5xx, 408, no answer: tried again later, after `afterMs` when
 * the provider said so), `rejected` (any other 4xx: this message will never be accepted, the
 * device is kept), `unsupported` (no provider configured for the platform).
 */
export type DeviceOutcome =
  { kind: 'sent' } | { kind: 'dead' } | { kind: 'retry'; afterMs?: number } | { kind: 'rejected' } | { kind: 'unsupported' };

export function classifyReply(reply: ProviderReply, now: number): DeviceOutcome {
  if ('networkError' in reply) return { kind: 'retry' };
  const { statusCode } = reply;
  if (statusCode >= 200 && statusCode < 300) return { kind: 'sent' };
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
  const retries = outcomes.filter((o): o is { kind: 'retry'; afterMs?: number } => o.kind === 'retry');
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
 * The delay before the next attempt: exponential from `baseMs` (1×, 2×, 4×… after the 1st, 2nd,
 * 3rd… attempt), or the provider's Retry-After when longer, never more than `maxMs`.
 */
export function retryDelay(attemptsMade: number, baseMs: number, maxMs: number, retryAfterMs?: number): number {
  const exponential = Math.round(baseMs * 2 ** Math.max(0, attemptsMade - 1));
  return Math.min(maxMs, Math.max(exponential, retryAfterMs ?? 0));
}
