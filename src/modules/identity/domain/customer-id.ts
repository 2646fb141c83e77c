import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

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
export interface SealedId {
  keyVersion: number;
  iv: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

/**
 * Encrypts a customer id for the vault with AES-256-GCM. The pseudonym is bound as additional
 * authenticated data, so a vault row copied onto another pseudonym fails to open.
 */
export function sealCustomerId(key: { version: number; key: Buffer }, pseudonym: string, normalizedId: string): SealedId {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key.key, iv);
  cipher.setAAD(Buffer.from(pseudonym, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(normalizedId, 'utf8'), cipher.final()]);
  return { keyVersion: key.version, iv, ciphertext, tag: cipher.getAuthTag() };
}

/** Opens a vault entry; throws when the key is wrong or the entry was tampered with. */
export function openCustomerId(key: Buffer, pseudonym: string, sealed: SealedId): string {
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.iv);
  decipher.setAAD(Buffer.from(pseudonym, 'utf8'));
  decipher.setAuthTag(sealed.tag);
  return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]).toString('utf8');
}
