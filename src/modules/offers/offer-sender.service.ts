import { Injectable } from '@nestjs/common';
import { PushService } from '../push/push.service.js';
import type { SendingCampaign } from './domain/live-campaign.js';
import { OffersMetrics } from './offers.metrics.js';
import { type Decision, haltOf, sendTermsOf, toDecidedBatch } from './domain/decision.js';
import { OfferDecider } from './offer-decider.service.js';
import { ShopperPublisher } from '../shopper-channel/shopper-publisher.service.js';
import { OffersRepository } from './offers.repository.js';

export interface BatchResult {
  decisions: Decision[];
  /** The status that stopped the batch part-way (paused, cancelled, ended…). */
  halted?: string;
  delivered: number;
}

/**
 * A chunk of broadcast sends: read its undecided shoppers with their stored consent (one query),
 * decide them (a few script calls), store deliveries and suppressions (one
 * statement), then publish the deliveries that are new in one relay message (in-app campaigns),
 * and enqueue the chunk's pending push sends (push campaigns, when push is configured).
 */
@Injectable()
export class OfferSender {
  constructor(
    private readonly decider: OfferDecider,
    private readonly repository: OffersRepository,
    private readonly publisher: ShopperPublisher,
    private readonly metrics: OffersMetrics,
    private readonly push: PushService,
  ) {}

  /**
   * Decides and stores a chunk's undecided shoppers. The push sends follow the stored rows, not
   * this attempt's decisions: a retried chunk (a worker killed after storing) enqueues what the
   * killed attempt stored but did not enqueue (job ids are deterministic). A campaign that can
   * deliver on no channel (push only, push not configured) fails every send of the chunk.
   */
  async sendChunk(campaign: SendingCampaign, chunk: number): Promise<BatchResult> {
    if (!campaign.inApp && !(campaign.wantsPush && this.push.configured)) return this.failChunk(campaign.id, chunk);
    const stop = this.metrics.chunkSeconds.startTimer();
    const terms = sendTermsOf(campaign, this.push.configured);
    const result = await this.decideChunk(campaign, chunk, terms);
    if (terms.pushStatus === 'pending') await this.push.enqueueChunk(campaign.id, chunk);
    stop();
    return result;
  }

  private async decideChunk(campaign: SendingCampaign, chunk: number, terms: ReturnType<typeof sendTermsOf>): Promise<BatchResult> {
    const undecided = await this.repository.undecidedOfChunk(campaign.id, chunk);
    if (undecided.size === 0) return { decisions: [], delivered: 0 };
    const decisions = await this.decider.decide(campaign.id, [...undecided.keys()], {
      purposes: campaign.purposes,
      checkAudience: false,
      prefetched: undecided,
      bulk: true,
    });
    const batch = toDecidedBatch(decisions, terms, new Date());
    const fresh = await this.repository.record(campaign.id, batch);
    // Not awaited: the chunk is stored, and the message only has to follow the commands before it.
    if (campaign.inApp)
      void this.publisher.relayOffers({ template: campaign.template, deliveries: batch.delivered.filter((d) => fresh.has(d.pseudonym)) });
    this.metrics.countDecisions(
      'broadcast',
      decisions.map((d) => d.outcome),
    );
    return { decisions, halted: haltOf(decisions), delivered: fresh.size };
  }

  private async failChunk(campaignId: string, chunk: number): Promise<BatchResult> {
    const undecided = [...(await this.repository.undecidedOfChunk(campaignId, chunk)).keys()];
    await this.repository.record(campaignId, {
      channel: 'in_app',
      pushStatus: null,
      costCents: 0,
      delivered: [],
      suppressed: undecided.map((pseudonym) => ({ pseudonym, reason: 'failed' as const })),
      decidedAt: Date.now(),
    });
    this.metrics.countDecisions(
      'broadcast',
      undecided.map(() => 'failed'),
    );
    return { decisions: [], delivered: 0 };
  }
}
