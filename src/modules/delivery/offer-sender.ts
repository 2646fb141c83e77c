import { Injectable } from '@nestjs/common';
import type { CartCampaign } from './campaign-runtime.js';
import { DeliveryMetrics } from './delivery-metrics.js';
import { type Decision, haltOf, toDecidedBatch } from './domain/decision.js';
import { OfferDecider } from './offer-decider.js';
import { OfferRelay } from './offer-relay.js';
import { OffersRepository } from './offers.repository.js';

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
 * decide them (a few script calls), store deliveries and suppressions (one
 * statement), then publish the deliveries that are new in one relay message.
 */
@Injectable()
export class OfferSender {
  constructor(
    private readonly decider: OfferDecider,
    private readonly repository: OffersRepository,
    private readonly relay: OfferRelay,
    private readonly metrics: DeliveryMetrics,
  ) {}

  /** Decides and stores a chunk's undecided shoppers. */
  async sendChunk(campaign: SendingCampaign, chunk: number): Promise<BatchResult> {
    const undecided = await this.repository.undecidedOfChunk(campaign.id, chunk);
    if (undecided.size === 0) return { decisions: [], delivered: 0 };
    const decisions = await this.decider.decide(campaign.id, [...undecided.keys()], { purposes: campaign.purposes, checkAudience: false, prefetched: undecided, bulk: true });
    const batch = toDecidedBatch(decisions, { campaignId: campaign.id, costCents: campaign.costCents, validDays: campaign.template.validDays, wantsPush: campaign.wantsPush }, new Date());
    const fresh = await this.repository.record(campaign.id, batch);
    // Not awaited: the chunk is stored, and the message only has to follow the commands before it.
    void this.relay.publish({ template: campaign.template, deliveries: batch.delivered.filter((d) => fresh.has(d.pseudonym)) });
    this.metrics.countDecisions('broadcast', decisions.map((d) => d.outcome));
    return { decisions, halted: haltOf(decisions), delivered: fresh.size };
  }

  /** A campaign that cannot deliver on any channel (push only, no device registry yet): every send of the chunk failed. */
  async failChunk(campaignId: string, chunk: number): Promise<void> {
    const undecided = [...(await this.repository.undecidedOfChunk(campaignId, chunk)).keys()];
    await this.repository.record(campaignId, { channel: 'in_app', pushStatus: null, costCents: 0, delivered: [], suppressed: undecided.map((pseudonym) => ({ pseudonym, reason: 'failed' as const })), decidedAt: Date.now() });
    this.metrics.countDecisions('broadcast', undecided.map(() => 'failed'));
  }
}
