import { canonicalToken, configuredProviders, MAX_TOKEN_LENGTH, providerOf, tokenProblem } from './device.js';

const subscription = (over: Record<string, unknown> = {}) =>
  JSON.stringify({ endpoint: 'https://fcm.googleapis.com/fcm/send/abc', keys: { p256dh: 'BNc...', auth: 'tBH...' }, ...over });

describe('push token checks', () => {
  it('accepts opaque gateway tokens and refuses empty, spaced or oversized ones', () => {
    expect(tokenProblem('ios', 'a1b2c3:APA91bH-xyz_', undefined, 'gateway')).toBeUndefined();
    expect(tokenProblem('android', '', undefined, 'gateway')).toMatch(/1 to/);
    expect(tokenProblem('android', 'has space', undefined, 'gateway')).toMatch(/printable/);
    expect(tokenProblem('ios', 'x'.repeat(MAX_TOKEN_LENGTH + 1), undefined, 'gateway')).toMatch(/1 to/);
  });

  it('checks tokens per provider: APNs 64 hex characters (kept lower-case), FCM registration tokens', () => {
    const apns = 'a'.repeat(32) + '0123456789ABCDEF'.repeat(2);
    expect(tokenProblem('ios', apns)).toBeUndefined();
    expect(canonicalToken('ios', apns, 'apns')).toBe(apns.toLowerCase());
    expect(tokenProblem('ios', apns.slice(1))).toMatch(/64 hexadecimal/);
    expect(tokenProblem('ios', 'z'.repeat(64))).toMatch(/64 hexadecimal/);
    expect(tokenProblem('ios', 'dXJ0:APA91bH-xyz_', undefined, 'fcm')).toBeUndefined();
    expect(tokenProblem('android', 'dXJ0:APA91bH-xyz_')).toBeUndefined();
    expect(tokenProblem('android', 'not/a{token}')).toMatch(/FCM/);
  });

  it('defaults each platform to its provider and refuses one that cannot carry it', () => {
    expect(providerOf('ios', undefined)).toEqual({ provider: 'apns' });
    expect(providerOf('ios', 'fcm')).toEqual({ provider: 'fcm' });
    expect(providerOf('ios', 'gateway')).toEqual({ provider: 'gateway' });
    expect(providerOf('android', undefined)).toEqual({ provider: 'fcm' });
    expect(providerOf('android', 'apns')).toEqual({ problem: 'must be one of fcm, gateway for android' });
    expect(providerOf('web', undefined)).toEqual({ provider: 'webpush' });
    expect(providerOf('web', 'fcm')).toEqual({ problem: 'must be one of webpush for web' });
    expect(configuredProviders({})).toEqual([]);
    expect(configuredProviders({ web: {}, fcm: {} })).toEqual(['fcm', 'webpush']);
  });

  it('accepts a Web Push subscription with an https endpoint and both keys, and says what is missing otherwise', () => {
    expect(tokenProblem('web', subscription())).toBeUndefined();
    expect(tokenProblem('web', 'not json')).toMatch(/JSON/);
    expect(tokenProblem('web', 'null')).toMatch(/endpoint/);
    expect(tokenProblem('web', subscription({ endpoint: 'http://push.example.com/x' }))).toMatch(/https/);
    // Only the browsers' push services (or the configured hosts): never an address a shopper picks.
    expect(tokenProblem('web', subscription({ endpoint: 'https://10.0.0.5:8443/x' }))).toMatch(/known push service/);
    expect(tokenProblem('web', subscription({ endpoint: 'https://fcm.googleapis.com.evil.example/x' }))).toMatch(/known push service/);
    expect(tokenProblem('web', subscription({ endpoint: 'https://updates.push.services.mozilla.com/wpush/v2/x' }))).toBeUndefined();
    expect(tokenProblem('web', subscription({ endpoint: 'https://10.0.0.5:8443/x' }), ['10.0.0.5'])).toBeUndefined();
    expect(tokenProblem('web', subscription({ endpoint: 'not a url' }))).toMatch(/URL/);
    expect(tokenProblem('web', subscription({ keys: { p256dh: 'k' } }))).toMatch(/auth/);
  });

  it('keeps one canonical form of a Web Push subscription, from text or object', () => {
    const canonical = canonicalToken('web', subscription());
    expect(canonicalToken('web', JSON.parse(subscription()) as object)).toBe(canonical);
    expect(
      canonicalToken(
        'web',
        JSON.stringify({
          keys: { auth: 'tBH...', p256dh: 'BNc...' },
          expirationTime: null,
          endpoint: 'https://fcm.googleapis.com/fcm/send/abc',
        }),
      ),
    ).toBe(canonical);
    expect(canonicalToken('ios', { not: 'text' })).toBeUndefined();
    expect(canonicalToken('android', 'abc')).toBe('abc');
  });
});
