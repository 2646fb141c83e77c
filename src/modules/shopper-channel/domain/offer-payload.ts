import { createHash } from 'node:crypto';

/** The `offer` socket event and each entry of `GET /v1/me/offers` (public contract). */
export interface OfferPayload {
  deliveryId: string;
  campaignId: string;
  supplier: { id: string; name: string };
  title: string;
  body: string;
  skus: string[];
  discount: { type: 'percent' | 'amount'; value: number };
  /** The moment of the delivery decision, to the millisecond. */
  deliveredAt: string;
  expiresAt: string;
}

/** What every delivery of one campaign shares; a delivery adds its id and times. */
export type OfferTemplate = Omit<OfferPayload, 'deliveryId' | 'deliveredAt' | 'expiresAt'> & { validDays: number };

const NAMESPACE = Buffer.from('6f0c2a4e9b5d4f1e8a3c7d2b1e0f9a8c', 'hex');
const DAY_MS = 86_400_000;

/**
 * A shopper's delivery id for a campaign: a name-based UUID (version 5 layout, SHA-1 of a fixed
 * namespace and campaign‖pseudonym). The same on every retry and every worker, so a send that
 * is retried after a crash keeps its id (the contract's "at most one deliveryId per campaign").
 */
export function deliveryIdOf(campaignId: string, pseudonym: string): string {
  const hash = createHash('sha1').update(NAMESPACE).update(`${campaignId}:${pseudonym}`).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** An offer stays in the inbox validDays after it was delivered. */
export function expiresAtOf(deliveredAt: Date, validDays: number): Date {
  return new Date(deliveredAt.getTime() + validDays * DAY_MS);
}

/** The event payload of a delivery; pass its id when already computed (the fan-out stores it first). */
export function toOfferPayload(
  template: OfferTemplate,
  pseudonym: string,
  deliveredAt: Date,
  deliveryId = deliveryIdOf(template.campaignId, pseudonym),
): OfferPayload {
  const { validDays, ...shared } = template;
  return {
    deliveryId,
    ...shared,
    deliveredAt: deliveredAt.toISOString(),
    expiresAt: expiresAtOf(deliveredAt, validDays).toISOString(),
  };
}
