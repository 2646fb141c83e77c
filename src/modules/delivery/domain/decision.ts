import { deliveryIdOf, expiresAtOf } from './offer.js';

/** The outcome of one delivery decision (see offer-decision.lua.ts). `deliver` and `already` carry the decision time. */
export type Decision =
  | { pseudonym: string; outcome: 'deliver' | 'already'; at: Date }
  | { pseudonym: string; outcome: 'no_consent' | 'frequency_cap' | 'budget' | 'outside' }
  | { pseudonym: string; outcome: 'halt'; status: string };

/** Why a send was decided without a delivery. */
export type SuppressionReason = 'no_consent' | 'frequency_cap' | 'budget' | 'failed' | 'cancelled' | 'expired';

export interface Delivery {
  id: string;
  channel: 'in_app' | 'push';
  pushStatus: string | null;
  costCents: number;
  expiresAt: Date;
}

/** A decided send as stored: a delivery (inbox row) or a suppression. */
export type DecidedSend = { pseudonym: string; at: Date; delivery: Delivery } | { pseudonym: string; at: Date; suppressed: SuppressionReason };

export interface SendTerms {
  campaignId: string;
  costCents: number;
  validDays: number;
  /** Whether the campaign also asked for push, which has no device registry yet: recorded as unavailable. */
  wantsPush: boolean;
}

/**
 * What to store for each decision. `already` (decided by an earlier attempt that crashed before
 * storing) is stored as a delivery with its original time; `halt` and `outside` store nothing
 * (the shopper stays queued, or is not in the audience).
 */
export function toSends(decisions: readonly Decision[], terms: SendTerms, now: Date): DecidedSend[] {
  const sends: DecidedSend[] = [];
  for (const d of decisions) {
    switch (d.outcome) {
      case 'deliver':
      case 'already':
        sends.push({
          pseudonym: d.pseudonym,
          at: d.at,
          delivery: {
            id: deliveryIdOf(terms.campaignId, d.pseudonym),
            channel: 'in_app',
            pushStatus: terms.wantsPush ? 'unavailable' : null,
            costCents: terms.costCents,
            expiresAt: expiresAtOf(d.at, terms.validDays),
          },
        });
        break;
      case 'no_consent':
      case 'frequency_cap':
      case 'budget':
        sends.push({ pseudonym: d.pseudonym, at: now, suppressed: d.outcome });
        break;
      case 'halt':
      case 'outside':
        break;
    }
  }
  return sends;
}

/** The status that stopped a batch part-way (paused, cancelled, ended…), if any. */
export function haltOf(decisions: readonly Decision[]): string | undefined {
  for (const d of decisions) if (d.outcome === 'halt') return d.status;
  return undefined;
}
