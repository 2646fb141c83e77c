import { Injectable } from '@nestjs/common';
import type { CartCampaign } from './campaign-runtime.js';
import { DeliveryMetrics } from './delivery-metrics.js';
import { type Decision, haltOf, toSends } from './domain/decision.js';
import { toOfferPayload } from './domain/offer.js';
import { OfferDecider } from './offer-decider.js';
import { OfferPublisher } from './offer-publisher.js';
import { OffersRepository } from './offers.repository.js';

const YIELD_EVERY = 50;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** What a broadcast send needs of its campaign. */
export type SendingCampaign = Omit<CartCampaign, 'cartSkus' | 'cartCategories'>;

export interface BatchResult {
  decisions: Decision[];
  /** The status that stopped the batch part-way (paused, cancelled, ended…). */
  halted?: string;
  delivered: number;
}

/**
 * A chunk of broadcast sends: read its undecided shoppers with their stored consent (one query),
 * decide each (one pipelined Redis round trip), store deliveries and suppressions (one
 * statement), then tell connected devices about the deliveries that are new.
 */
@Injectable()
export class OfferSender {
  constructor(
    private readonly decider: OfferDecider,
    private readonly repository: OffersRepository,
    private readonly publisher: OfferPublisher,
    private readonly metrics: DeliveryMetrics,
  ) {}

  /** Decides and stores a chunk's undecided shoppers. */
  async sendChunk(campaign: SendingCampaign, chunk: number): Promise<BatchResult> {
    const undecided = await this.repository.undecidedOfChunk(campaign.id, chunk);
    if (undecided.size === 0) return { decisions: [], delivered: 0 };
    const decisions = await this.decider.decide(campaign.id, [...undecided.keys()], { purposes: campaign.purposes, checkAudience: false, prefetched: undecided });
    const sends = toSends(decisions, { campaignId: campaign.id, costCents: campaign.costCents, validDays: campaign.template.validDays, wantsPush: campaign.wantsPush }, new Date());
    const fresh = await this.repository.record(campaign.id, sends);
    let published = 0;
    for (const send of sends) {
      if (!('delivery' in send) || !fresh.has(send.pseudonym)) continue;
      this.publisher.offer(send.pseudonym, toOfferPayload(campaign.template, send.pseudonym, send.at, send.delivery.id));
      // Let live cart events in between: a chunk's publishes are the longest synchronous stretch.
      if (++published % YIELD_EVERY === 0) await yieldToEventLoop();
    }
    this.metrics.countDecisions('broadcast', decisions.map((d) => d.outcome));
    return { decisions, halted: haltOf(decisions), delivered: fresh.size };
  }

  /** A campaign that cannot deliver on any channel (push only, no device registry yet): every send of the chunk failed. */
  async failChunk(campaignId: string, chunk: number): Promise<void> {
    const undecided = [...(await this.repository.undecidedOfChunk(campaignId, chunk)).keys()];
    const now = new Date();
    await this.repository.record(campaignId, undecided.map((pseudonym) => ({ pseudonym, at: now, suppressed: 'failed' as const })));
    this.metrics.countDecisions('broadcast', undecided.map(() => 'failed'));
  }
}
