import { classifyReply, parseRetryAfter, retryDelay, verdictOf } from './push-outcome.js';

const now = Date.parse('2026-11-29T10:00:00Z');

describe('push outcome classification', () => {
  it('reads provider answers: 2xx sent, 404/410 dead, 429/5xx/408/no answer retried, other 4xx rejected', () => {
    expect(classifyReply({ statusCode: 201 }, now)).toEqual({ kind: 'sent' });
    expect(classifyReply({ statusCode: 204 }, now)).toEqual({ kind: 'sent' });
    expect(classifyReply({ statusCode: 404 }, now)).toEqual({ kind: 'dead' });
    expect(classifyReply({ statusCode: 410 }, now)).toEqual({ kind: 'dead' });
    expect(classifyReply({ statusCode: 503 }, now)).toEqual({ kind: 'retry' });
    expect(classifyReply({ statusCode: 500 }, now)).toEqual({ kind: 'retry' });
    expect(classifyReply({ statusCode: 408 }, now)).toEqual({ kind: 'retry' });
    expect(classifyReply({ statusCode: 429, retryAfter: '30' }, now)).toEqual({ kind: 'retry', afterMs: 30_000 });
    expect(classifyReply({ networkError: 'ECONNREFUSED' }, now)).toEqual({ kind: 'retry' });
    expect(classifyReply({ statusCode: 400 }, now)).toEqual({ kind: 'rejected' });
    expect(classifyReply({ statusCode: 401 }, now)).toEqual({ kind: 'unauthorized' });
    expect(classifyReply({ statusCode: 413 }, now)).toEqual({ kind: 'rejected' });
    expect(classifyReply({ statusCode: 302 }, now)).toEqual({ kind: 'rejected' });
  });

  it('reads APNs reasons as Apple documents them', () => {
    expect(classifyReply({ statusCode: 410, reason: 'Unregistered' }, now)).toEqual({ kind: 'dead' });
    expect(classifyReply({ statusCode: 400, reason: 'BadDeviceToken' }, now)).toEqual({ kind: 'dead' });
    expect(classifyReply({ statusCode: 400, reason: 'DeviceTokenNotForTopic' }, now)).toEqual({ kind: 'dead' });
    expect(classifyReply({ statusCode: 400, reason: 'PayloadTooLarge' }, now)).toEqual({ kind: 'rejected' });
    expect(classifyReply({ statusCode: 403, reason: 'InvalidProviderToken' }, now)).toEqual({ kind: 'unauthorized' });
    expect(classifyReply({ statusCode: 403, reason: 'ExpiredProviderToken' }, now)).toEqual({ kind: 'unauthorized' });
    expect(classifyReply({ statusCode: 429, reason: 'TooManyRequests', retryAfter: '5' }, now)).toEqual({ kind: 'retry', afterMs: 5000 });
    expect(classifyReply({ statusCode: 503, reason: 'ServiceUnavailable' }, now)).toEqual({ kind: 'retry' });
    expect(classifyReply({ statusCode: 500, reason: 'InternalServerError' }, now)).toEqual({ kind: 'retry' });
    // A wrong path is Panier's mistake: the token is kept.
    expect(classifyReply({ statusCode: 404, reason: 'BadPath' }, now)).toEqual({ kind: 'rejected' });
  });

  it('reads FCM error codes as Google documents them, INVALID_ARGUMENT dead only when it names the token', () => {
    expect(classifyReply({ statusCode: 404, reason: 'UNREGISTERED' }, now)).toEqual({ kind: 'dead' });
    expect(classifyReply({ statusCode: 400, reason: 'INVALID_ARGUMENT', field: 'message.token' }, now)).toEqual({ kind: 'dead' });
    expect(classifyReply({ statusCode: 400, reason: 'INVALID_ARGUMENT', field: 'message.android.ttl' }, now)).toEqual({ kind: 'rejected' });
    expect(classifyReply({ statusCode: 403, reason: 'SENDER_ID_MISMATCH' }, now)).toEqual({ kind: 'dead' });
    expect(classifyReply({ statusCode: 401, reason: 'THIRD_PARTY_AUTH_ERROR' }, now)).toEqual({ kind: 'unauthorized' });
    expect(classifyReply({ statusCode: 401, reason: 'UNAUTHENTICATED' }, now)).toEqual({ kind: 'unauthorized' });
    expect(classifyReply({ statusCode: 429, reason: 'QUOTA_EXCEEDED', retryAfter: '60' }, now)).toEqual({ kind: 'retry', afterMs: 60_000 });
    expect(classifyReply({ statusCode: 503, reason: 'UNAVAILABLE' }, now)).toEqual({ kind: 'retry' });
    expect(classifyReply({ statusCode: 500, reason: 'INTERNAL' }, now)).toEqual({ kind: 'retry' });
    expect(classifyReply({ statusCode: 404, reason: 'NOT_FOUND' }, now)).toEqual({ kind: 'rejected' });
  });

  it('reads Retry-After as seconds or an HTTP date, and ignores what it cannot read', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Sun, 29 Nov 2026 10:00:45 GMT', now)).toBe(45_000);
    expect(parseRetryAfter('Sun, 29 Nov 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
  });

  it('sums up a send: retry while devices are left to retry, then sent if any device got it', () => {
    expect(verdictOf([{ kind: 'sent' }, { kind: 'dead' }], 0, false)).toEqual({ status: 'sent' });
    expect(verdictOf([{ kind: 'sent' }, { kind: 'retry' }], 0, false)).toEqual({ retry: true });
    expect(verdictOf([{ kind: 'retry', afterMs: 5000 }, { kind: 'retry', afterMs: 9000 }, { kind: 'retry' }], 0, false)).toEqual({
      retry: true,
      afterMs: 9000,
    });
    expect(verdictOf([{ kind: 'retry' }], 1, true)).toEqual({ status: 'sent' });
    expect(verdictOf([], 2, false)).toEqual({ status: 'sent' });
    expect(verdictOf([{ kind: 'retry' }], 0, true)).toEqual({ status: 'failed' });
  });

  it('tells no device, no provider and failure apart', () => {
    expect(verdictOf([], 0, false)).toEqual({ status: 'no_device' });
    expect(verdictOf([{ kind: 'unsupported' }, { kind: 'unsupported' }], 0, false)).toEqual({ status: 'unavailable' });
    expect(verdictOf([{ kind: 'rejected' }, { kind: 'unsupported' }], 0, false)).toEqual({ status: 'failed' });
    expect(verdictOf([{ kind: 'dead' }, { kind: 'rejected' }], 0, false)).toEqual({ status: 'failed' });
    expect(verdictOf([{ kind: 'retry' }, { kind: 'dead' }], 0, true)).toEqual({ status: 'failed' });
  });

  it('counts a shopper whose devices were all dead (deleted) as having no device', () => {
    expect(verdictOf([{ kind: 'dead' }], 0, false)).toEqual({ status: 'no_device' });
    expect(verdictOf([{ kind: 'dead' }, { kind: 'dead' }], 0, true)).toEqual({ status: 'no_device' });
    expect(verdictOf([{ kind: 'dead' }, { kind: 'unsupported' }], 0, false)).toEqual({ status: 'unavailable' });
    // A device reached at an earlier attempt still makes it sent.
    expect(verdictOf([{ kind: 'dead' }], 1, false)).toEqual({ status: 'sent' });
  });

  it('backs off exponentially with full jitter, waits longer when the provider asks, never beyond the cap', () => {
    const top = () => 1;
    expect([1, 2, 3, 4].map((n) => retryDelay(n, 1000, 60_000, undefined, top))).toEqual([1000, 2000, 4000, 8000]);
    expect([1, 2, 3, 4].map((n) => retryDelay(n, 1000, 60_000, undefined, () => 0.5))).toEqual([500, 1000, 2000, 4000]);
    expect(retryDelay(3, 1000, 60_000, undefined, () => 0)).toBe(0);
    expect(retryDelay(1, 1000, 60_000, 30_000, () => 0.2)).toBe(30_000);
    expect(retryDelay(4, 1000, 60_000, 500, top)).toBe(8000);
    expect(retryDelay(20, 1000, 60_000, undefined, top)).toBe(60_000);
    expect(retryDelay(1, 1000, 60_000, 3_600_000)).toBe(60_000);
  });

  it("retries a send whose provider refused Panier's credentials, keeping the devices", () => {
    expect(verdictOf([{ kind: 'unauthorized', afterMs: 300_000 }, { kind: 'sent' }], 0, false)).toEqual({ retry: true, afterMs: 300_000 });
    expect(verdictOf([{ kind: 'unauthorized' }], 0, true)).toEqual({ status: 'failed' });
  });
});
