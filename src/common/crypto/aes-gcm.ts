import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** AES-256-GCM output: a fresh 12-byte IV, the ciphertext and the 16-byte authentication tag. */
export interface AesGcmSealed {
  iv: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

/** Encrypts `plaintext` (UTF-8) under a 32-byte key; `aad` is bound to it without being stored. */
export function sealAesGcm(key: Buffer, plaintext: string, aad?: Buffer): AesGcmSealed {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  if (aad) cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return { iv, ciphertext, tag: cipher.getAuthTag() };
}

/** Opens what sealAesGcm sealed; throws when the key or the `aad` is wrong, or anything was altered. */
export function openAesGcm(key: Buffer, sealed: AesGcmSealed, aad?: Buffer): string {
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.iv);
  if (aad) decipher.setAAD(aad);
  decipher.setAuthTag(sealed.tag);
  return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]).toString('utf8');
}
