import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** API keys are 256-bit random secrets: a plain SHA-256 suffices to store them (no password stretching). */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** `pk_live_<43 base64url chars>`; the prefix helps secret scanners recognise a leaked key. */
export function generateApiKey(): string {
  return `pk_live_${randomBytes(32).toString('base64url')}`;
}

/** Constant-time comparison of two hashes (for the bootstrap admin key, held only in memory). */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}
