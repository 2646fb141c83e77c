import { hkdfSync } from 'node:crypto';
import type { KeyRing } from '../../config/app-config.js';
import { openAesGcm, sealAesGcm } from '../crypto/aes-gcm.js';

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
  const { iv, tag, ciphertext } = sealAesGcm(answerKey(keys.active.key, idempotencyKey), JSON.stringify(body ?? null));
  return { v: keys.active.version, sealed: Buffer.concat([iv, tag, ciphertext]).toString('base64') };
}

/** The answer, or undefined when it cannot be opened (its vault key was retired, or it was altered). */
export function openAnswer(keys: KeyRing, idempotencyKey: string, answer: SealedAnswer): unknown {
  const key = keys.all.find((k) => k.version === answer.v);
  if (!key) return undefined;
  const raw = Buffer.from(answer.sealed, 'base64');
  try {
    const sealed = {
      iv: raw.subarray(0, IV_BYTES),
      tag: raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES),
      ciphertext: raw.subarray(IV_BYTES + TAG_BYTES),
    };
    return JSON.parse(openAesGcm(answerKey(key.key, idempotencyKey), sealed));
  } catch {
    return undefined;
  }
}
