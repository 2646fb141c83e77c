import { initialPushStatus, type PushStatus } from '../../push/domain/push-status.js';
import { deliveryIdOf, expiresAtOf } from '../../shopper-channel/domain/offer-payload.js';

const DAY_MS = 86_400_000;

/** The outcome of one delivery decision (see offer-decision.lua.ts). `deliver` and `already` carry the decision time. */
export type Decision =
  | { pseudonym: string; outcome: 'deliver'; at: Date; consentPosition: string | null }
  | { pseudonym: string; outcome: 'already'; at: Date }
  | { pseudonym: string; outcome: 'no_consent' | 'frequency_cap' | 'budget' | 'outside' }
  | { pseudonym: string; outcome: 'halt'; status: string };

/** Why a send was decided without a delivery. */
export type SuppressionReason = 'no_consent' | 'frequency_cap' | 'budget' | 'failed' | 'cancelled' | 'expired';

/** The channel a delivery is recorded under: `in_app` whenever the campaign offers in-app (push comes on top), else `push`. */
export type DeliveryChannel = 'in_app' | 'push';

export interface Delivery {
  id: string;
  channel: DeliveryChannel;
  pushStatus: PushStatus | null;
  costCents: number;
  expiresAt: Date;
  /**
   * The consent ledger position (the shopper's consent version) the decision read: the proof of
   * the send. Null when unknown (a delivery found already decided by an attempt that crashed).
   */
  consentPosition: string | null;
}

/** A decided send as stored: a delivery (inbox row) or a suppression. */
export type DecidedSend =
  { pseudonym: string; at: Date; delivery: Delivery } | { pseudonym: string; at: Date; suppressed: SuppressionReason };

export interface SendTerms {
  campaignId: string;
  costCents: number;
  validDays: number;
  channel: DeliveryChannel;
  /** null: no push asked for; `pending`: a push send follows; `unavailable`: push is not configured. */
  pushStatus: PushStatus | null;
}

/** What the terms are built from: a campaign's runtime state (see LiveCampaigns). */
export interface CampaignTerms {
  id: string;
  costCents: number;
  template: { validDays: number };
  inApp: boolean;
  wantsPush: boolean;
}

/** A campaign's send terms: in-app when it offers in-app, push status pending when push is configured, else unavailable. */
export function sendTermsOf(campaign: CampaignTerms, pushConfigured: boolean): SendTerms {
  return {
    campaignId: campaign.id,
    costCents: campaign.costCents,
    validDays: campaign.template.validDays,
    channel: campaign.inApp ? 'in_app' : 'push',
    pushStatus: initialPushStatus(campaign.wantsPush, pushConfigured),
  };
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
            channel: terms.channel,
            pushStatus: terms.pushStatus,
            costCents: terms.costCents,
            expiresAt: expiresAtOf(d.at, terms.validDays),
            consentPosition: d.outcome === 'deliver' ? d.consentPosition : null,
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

/** Decisions as stored in one statement: inbox rows on the same terms, and suppressions. Times in ms. */
export interface DecidedBatch {
  channel: DeliveryChannel;
  pushStatus: PushStatus | null;
  costCents: number;
  /** `consent`: the ledger position the decision read, '' when unknown. */
  delivered: Array<{ pseudonym: string; id: string; at: number; expiresAt: number; consent: string }>;
  suppressed: Array<{ pseudonym: string; reason: SuppressionReason }>;
  /** When the suppressions were decided. */
  decidedAt: number;
}

/**
 * What to store for a chunk's decisions, as toSends says (deliveries keep their decision time,
 * `halt` and `outside` store nothing), in the column-wise form of one insert.
 */
export function toDecidedBatch(decisions: readonly Decision[], terms: SendTerms, now: Date): DecidedBatch {
  const batch: DecidedBatch = {
    channel: terms.channel,
    pushStatus: terms.pushStatus,
    costCents: terms.costCents,
    delivered: [],
    suppressed: [],
    decidedAt: now.getTime(),
  };
  const validMs = terms.validDays * DAY_MS;
  for (const d of decisions) {
    switch (d.outcome) {
      case 'deliver':
      case 'already': {
        const at = d.at.getTime();
        const consent = d.outcome === 'deliver' ? (d.consentPosition ?? '') : '';
        batch.delivered.push({
          pseudonym: d.pseudonym,
          id: deliveryIdOf(terms.campaignId, d.pseudonym),
          at,
          expiresAt: at + validMs,
          consent,
        });
        break;
      }
      case 'no_consent':
      case 'frequency_cap':
      case 'budget':
        batch.suppressed.push({ pseudonym: d.pseudonym, reason: d.outcome });
        break;
      case 'halt':
      case 'outside':
        break;
    }
  }
  return batch;
}

/** The status that stopped a batch part-way (paused, cancelled, ended…), if any. */
export function haltOf(decisions: readonly Decision[]): string | undefined {
  for (const d of decisions) if (d.outcome === 'halt') return d.status;
  return undefined;
}

const OUTCOMES: Record<string, 'no_consent' | 'frequency_cap' | 'budget' | 'outside'> = {
  C: 'no_consent',
  F: 'frequency_cap',
  B: 'budget',
  O: 'outside',
};

/**
 * The campaign's answer to a batch (offer-tickets.lua.ts): per shopper a code (T ticket, N none
 * left in the budget, O outside the audience) and its ticket's stamp, with what the shopper's side
 * needs of the campaign; or the status that halted the whole batch.
 */
export type CampaignTickets =
  { halted: string } | { codes: string; stamps: string[]; stamp: string; ends: string; capMax: string; capMs: string };

export function parseTickets(count: number, reply: readonly string[]): CampaignTickets {
  const [codes, value, ends, capMax, capMs, ...stamps] = reply;
  if (codes.length !== count) throw new Error(`ticket reply for ${codes.length} shoppers, ${count} asked`);
  if (codes[0] === 'H') return { halted: value || 'missing' };
  return { codes, stamps, stamp: value, ends, capMax: capMax ?? '0', capMs: capMs ?? '0' };
}

/**
 * Reads the shoppers' side of decisions (offer-decision.lua.ts): three strings per shopper, in the
 * order sent: its code, the time (of a delivery, or the original one of an `already`), and the
 * consent ledger position a delivery read. `unknown` marks a shopper whose consent neither Redis
 * nor the caller had.
 */
export function parseShopperDecisions(pseudonyms: readonly string[], reply: readonly string[]): Array<Decision | 'unknown'> {
  if (reply.length !== pseudonyms.length * 3)
    throw new Error(`decision reply for ${reply.length / 3} shoppers, ${pseudonyms.length} asked`);
  return pseudonyms.map((pseudonym, i): Decision | 'unknown' => {
    const [code, time, position] = reply.slice(i * 3, i * 3 + 3);
    switch (code) {
      case 'D':
        return { pseudonym, outcome: 'deliver', at: new Date(Number(time)), consentPosition: position || null };
      case 'A':
        return { pseudonym, outcome: 'already', at: new Date(Number(time)) };
      case 'U':
        return 'unknown';
      default: {
        const outcome = OUTCOMES[code];
        if (!outcome) throw new Error(`unexpected offer decision ${code}`);
        return { pseudonym, outcome };
      }
    }
  });
}

/**
 * Whether a budget ticket's charge stays: its shopper got the delivery, now or in an attempt that
 * died before settling (an `already` at the ticket's own stamp).
 */
export function keepsCharge(decision: Decision | 'unknown', stamp: string): boolean {
  if (decision === 'unknown') return false;
  if (decision.outcome === 'deliver') return true;
  return decision.outcome === 'already' && decision.at.getTime() === Number(stamp);
}
