import { createHash } from 'node:crypto';

/**
 * The holdout draw: the first 32 bits of md5(campaignId ‖ pseudonym), modulo 100, below the
 * percentage. Deterministic (the same shopper is in the same group whenever the audience is
 * computed) and the same formula as the launch SQL (`holdoutSql` in the audience repository).
 */
export function holdoutBucket(campaignId: string, pseudonym: string): number {
  return (
    parseInt(
      createHash('md5')
        .update(campaignId + pseudonym)
        .digest('hex')
        .slice(0, 8),
      16,
    ) % 100
  );
}

export function isHoldout(campaignId: string, pseudonym: string, percent: number): boolean {
  return holdoutBucket(campaignId, pseudonym) < percent;
}
