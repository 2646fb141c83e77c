import { createHmac } from 'node:crypto';
import { type AesGcmSealed, openAesGcm, sealAesGcm } from '../../../common/crypto/aes-gcm.js';

/** Longest customer id accepted at the boundary; longer input is refused, never truncated. */
export const MAX_CUSTOMER_ID_LENGTH = 128;

/**
 * The canonical form of a retailer customer id: Unicode NFKC (full-width digits from a till become
 * ASCII), surrounding space removed. Case is kept: retailers' ids may be case-sensitive, and the
 * vault must give back the id as the retailer knows it. Returns undefined for what cannot be an
 * id (empty, too long, control characters).
 */
export function normalizeCustomerId(raw: string): string | undefined {
  const value = raw.normalize('NFKC').trim();
  // eslint-disable-next-line no-control-regex
  if (value.length === 0 || value.length > MAX_CUSTOMER_ID_LENGTH || /[\u0000-\u001f\u007f]/.test(value)) {
    return undefined;
  }
  return value;
}

/** What the HMAC is computed over: the canonical id, case-folded where the retailer's ids ignore case. */
export function lookupForm(canonicalId: string, caseInsensitive: boolean): string {
  return caseInsensitive ? canonicalId.toLowerCase() : canonicalId;
}

/** Keyed HMAC-SHA-256 of a customer id's lookup form: the index key that finds the pseudonym. */
export function lookupHash(key: Buffer, normalizedId: string): string {
  return createHmac('sha256', key).update(normalizedId, 'utf8').digest('base64url');
}

/** What the identity vault stores for one shopper. */
export interface SealedId extends AesGcmSealed {
  keyVersion: number;
}

/**
 * Encrypts a customer id for the vault with AES-256-GCM. The pseudonym is bound as additional
 * authenticated data, so a vault row copied onto another pseudonym fails to open.
 */
export function sealCustomerId(key: { version: number; key: Buffer }, pseudonym: string, normalizedId: string): SealedId {
  return { keyVersion: key.version, ...sealAesGcm(key.key, normalizedId, Buffer.from(pseudonym, 'utf8')) };
}

/** Opens a vault entry; throws when the key is wrong or the entry was tampered with. */
export function openCustomerId(key: Buffer, pseudonym: string, sealed: SealedId): string {
  return openAesGcm(key, sealed, Buffer.from(pseudonym, 'utf8'));
}
