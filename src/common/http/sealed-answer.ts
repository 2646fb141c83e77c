import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { KeyRing } from '../../config/app-config.js';

/** A stored answer that holds a secret (a new API key), encrypted: `v` names the vault key version. */
export interface SealedAnswer {
  v: number;
  sealed: string;
}

const INFO = 'panier/idempotent-answer/v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * The answer's own AES-256-GCM key, derived (HKDF-SHA256) from a vault key, kept apart from the
 * vault's use of it by INFO, and salted with the caller's Idempotency-Key, which the server never
 * stores: Redis and the vault key together still do not open an answer without its key.
 */
function answerKey(vaultKey: Buffer, idempotencyKey: string): Buffer {
  return Buffer.from(hkdfSync('sha256', vaultKey, Buffer.from(idempotencyKey, 'utf8'), INFO, 32));
}

export function sealAnswer(keys: KeyRing, idempotencyKey: string, body: unknown): SealedAnswer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', answerKey(keys.active.key, idempotencyKey), iv);
  const encrypted = Buffer.concat([cipher.update(JSON.stringify(body ?? null), 'utf8'), cipher.final()]);
  return { v: keys.active.version, sealed: Buffer.concat([iv, cipher.getAuthTag(), encrypted]).toString('base64') };
}

/** The answer, or undefined when it cannot be opened (its vault key was retired, or it was altered). */
export function openAnswer(keys: KeyRing, idempotencyKey: string, answer: SealedAnswer): unknown {
  const key = keys.all.find((k) => k.version === answer.v);
  if (!key) return undefined;
  const raw = Buffer.from(answer.sealed, 'base64');
  try {
    const decipher = createDecipheriv('aes-256-gcm', answerKey(key.key, idempotencyKey), raw.subarray(0, IV_BYTES));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return JSON.parse(Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8'));
  } catch {
    return undefined;
  }
}
