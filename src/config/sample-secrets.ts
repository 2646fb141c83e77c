import type { KeyRing } from './config-sections.js';

/**
 * Secrets that have been shipped in this repository (an older docker-compose.yml, the test
 * environment, the tests): anyone who has read the repository has them. Refused in production.
 */
const SHIPPED_SECRETS = new Set([
  // docker-compose.yml until it took its secrets from secrets.env
  'change-me-local-admin-key-0123456789',
  'change-me-local-jwt-secret-0123456789abcdef',
  // test/setup/test-env.cjs, test/support
  'test-admin-key-0123456789abcdef',
  'test-shopper-secret-0123456789abcdef-0123456789',
  'test-gateway-secret-0123456789',
  'another-secret-of-sufficient-length-0123456789',
  // src/config/app-config.spec.ts
  'an-admin-key-that-is-long-enough',
  'a-shopper-secret-that-is-long-enough-0123',
  'a-gateway-secret-long-enough',
]);

/** Words of a secret someone typed rather than generated (the shipped samples all have one). */
const TYPED = /change-?me|example|sample|placeholder|password|secret|0123456789|abcdef|test-/i;

/** A secret string anyone could guess: shipped in the repository, typed, or of a few characters repeated. */
export function isWeakSecret(value: string): boolean {
  return SHIPPED_SECRETS.has(value) || TYPED.test(value) || new Set(value).size < 10;
}

/**
 * Key bytes no generator produced: few distinct values (a buffer filled with one byte, as the
 * tests' keys) or a constant step (0x01 0x02 0x03 …, as the keys compose once shipped).
 */
export function isWeakKey(key: Buffer): boolean {
  if (new Set(key).size < key.length / 2) return true;
  const step = (key[1] - key[0] + 256) % 256;
  return key.every((byte, i) => i === 0 || (byte - key[i - 1] + 256) % 256 === step);
}

/** The problems of secrets that production must not run with: each variable named, never its value. */
export function sampleSecretProblems(strings: Record<string, string | undefined>, rings: Record<string, KeyRing | undefined>): string[] {
  const problems: string[] = [];
  const advice = 'generate one with `npm run keys:generate` (NODE_ENV=production refuses sample and guessable secrets)';
  for (const [name, value] of Object.entries(strings)) {
    if (value !== undefined && isWeakSecret(value)) problems.push(`${name} is a sample or guessable value: ${advice}`);
  }
  // The active key only: a weak older key may stay in the ring while `npm run keys:rotate` moves the data off it.
  for (const [name, ring] of Object.entries(rings)) {
    if (ring && isWeakKey(ring.active.key))
      problems.push(`${name}: the active key (version ${ring.active.version}) is a sample or guessable key: ${advice}`);
  }
  return problems;
}
