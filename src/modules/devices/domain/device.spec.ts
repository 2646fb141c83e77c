import { canonicalToken, MAX_TOKEN_LENGTH, tokenProblem } from './device.js';

const subscription = (over: Record<string, unknown> = {}) =>
  JSON.stringify({ endpoint: 'https://push.example.com/send/abc', keys: { p256dh: 'BNc...', auth: 'tBH...' }, ...over });

describe('push token checks', () => {
  it('accepts opaque native tokens and refuses empty, spaced or oversized ones', () => {
    expect(tokenProblem('ios', 'a1b2c3:APA91bH-xyz_')).toBeUndefined();
    expect(tokenProblem('android', '')).toMatch(/1 to/);
    expect(tokenProblem('android', 'has space')).toMatch(/printable/);
    expect(tokenProblem('ios', 'x'.repeat(MAX_TOKEN_LENGTH + 1))).toMatch(/1 to/);
  });

  it('accepts a Web Push subscription with an https endpoint and both keys, and says what is missing otherwise', () => {
    expect(tokenProblem('web', subscription())).toBeUndefined();
    expect(tokenProblem('web', 'not json')).toMatch(/JSON/);
    expect(tokenProblem('web', 'null')).toMatch(/endpoint/);
    expect(tokenProblem('web', subscription({ endpoint: 'http://push.example.com/x' }))).toMatch(/https/);
    expect(tokenProblem('web', subscription({ endpoint: 'not a url' }))).toMatch(/URL/);
    expect(tokenProblem('web', subscription({ keys: { p256dh: 'k' } }))).toMatch(/auth/);
  });

  it('keeps one canonical form of a Web Push subscription, from text or object', () => {
    const canonical = canonicalToken('web', subscription());
    expect(canonicalToken('web', JSON.parse(subscription()) as object)).toBe(canonical);
    expect(canonicalToken('web', JSON.stringify({ keys: { auth: 'tBH...', p256dh: 'BNc...' }, expirationTime: null, endpoint: 'https://push.example.com/send/abc' }))).toBe(canonical);
    expect(canonicalToken('ios', { not: 'text' })).toBeUndefined();
    expect(canonicalToken('android', 'abc')).toBe('abc');
  });
});
