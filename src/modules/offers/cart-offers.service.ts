import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { JobName, QueueName, jobId } from '../../infra/queue/queue-names.js';
import { PushService } from '../push/push.service.js';
import { type Reach, ShopperPublisher } from '../shopper-channel/shopper-publisher.service.js';
import { CartTriggerIndex } from './cart-trigger.index.js';
import type { CartCampaign } from './domain/live-campaign.js';
import { OffersMetrics } from './offers.metrics.js';
import { sendTermsOf, toSends } from './domain/decision.js';
import { type OfferPayload, toOfferPayload } from '../shopper-channel/domain/offer-payload.js';
import { OfferDecider } from './offer-decider.service.js';
import type { OfferRecordJob } from './offer-record.processor.js';

/** The cart's contents as the trigger check needs them. */
export interface CartContents {
  skus: string[];
  /** Categories of the cart's skus, as far as the caller knows them (triggers on categories also match their skus). */
  categories: string[];
}

/**
 * Cart-triggered campaigns (`trigger: "cart"`), on the live cart path: no PostgreSQL. The
 * triggers come from memory (CartTriggerIndex), audience membership, consent, cap, budget and
 * the once key from one Redis script per triggered campaign (quiet hours do not apply: the
 * shopper is shopping). The inbox row is written by a queued job, so the offer is in
 * `GET /v1/me/offers` a moment after the event.
 */
@Injectable()
export class CartOffersService {
  private readonly logger = new Logger(CartOffersService.name);

  constructor(
    private readonly triggers: CartTriggerIndex,
    private readonly decider: OfferDecider,
    private readonly metrics: OffersMetrics,
    @InjectQueue(QueueName.OfferRecord) private readonly records: Queue<OfferRecordJob>,
    private readonly push: PushService,
    private readonly publisher: ShopperPublisher,
  ) {}

  /** Whether any cart-triggered campaign is live on this instance (no cart context needed otherwise). */
  get anyLive(): boolean {
    return !this.triggers.empty;
  }

  /** After a change of a shopper's cart: the offers it triggers go out to the shopper's devices. */
  offerFor(pseudonym: string, cart: CartContents, reach: Reach, offerable: (skus: readonly string[]) => Promise<boolean>): void {
    void this.onCartChanged(pseudonym, cart, offerable).then((offers) => {
      for (const offer of offers) this.publisher.offer(pseudonym, offer, reach);
    });
  }

  /**
   * Call after every change of a shopper's cart. Decides and records the offers the cart
   * triggers, and returns those to emit now as `offer` events to the shopper's room (empty
   * almost always). Safe to call for every change: an offer already delivered is never
   * returned again. Never throws: a failure here must not fail the cart change (it is logged,
   * and the next change asks again).
   */
  async onCartChanged(
    pseudonym: string,
    cart: CartContents,
    offerable: (skus: readonly string[]) => Promise<boolean>,
  ): Promise<OfferPayload[]> {
    const triggered = this.triggers.matching(cart.skus, cart.categories);
    if (triggered.length === 0) return [];
    // A campaign whose offered products are not all active offers nothing (and keeps its once key).
    const allowed = await Promise.all(triggered.map((c) => offerable(c.template.skus).catch(() => false)));
    const campaigns = triggered.filter((_, i) => allowed[i]);
    if (campaigns.length === 0) return [];
    const stop = this.metrics.cartCheckSeconds.startTimer();
    try {
      const offers = await Promise.all(campaigns.map((c) => this.tryCampaign(pseudonym, c)));
      return offers.flatMap((o) => (o ? [o] : []));
    } catch (error) {
      this.logger.error({ err: error }, 'cart-triggered offer check failed');
      return [];
    } finally {
      stop();
    }
  }

  private async tryCampaign(pseudonym: string, campaign: CartCampaign): Promise<OfferPayload | undefined> {
    // A push-only campaign without push configured can reach nobody: nothing decided, nothing charged.
    if (!campaign.inApp && !this.push.configured) return undefined;
    const [decision] = await this.decider.decide(campaign.id, [pseudonym], { purposes: campaign.purposes, checkAudience: true });
    this.metrics.countDecisions('cart', [decision.outcome]);
    if (decision.outcome !== 'deliver') return undefined;
    // Suppressions are not stored for cart triggers: the next cart change asks again.
    const pushConfigured = this.push.configured;
    const [send] = toSends([decision], sendTermsOf(campaign, pushConfigured), decision.at);
    if (!('delivery' in send)) return undefined;
    const payload = toOfferPayload(campaign.template, pseudonym, decision.at);
    await this.records.add(
      JobName.OfferRecord,
      { campaignId: campaign.id, pseudonym, at: payload.deliveredAt, delivery: { ...send.delivery, expiresAt: payload.expiresAt } },
      // Not kept once done: the inbox row is the record, a kept job would only hold a pseudonym.
      // Failed ones are kept a week at most (erasure reads them all: see removeIdleJobsOf).
      { jobId: jobId('offer', payload.deliveryId), removeOnComplete: true, removeOnFail: { count: 1000, age: 7 * 86_400 } },
    );
    // A push-only campaign reaches the shopper through push (queued once the row is stored), not the socket.
    return campaign.inApp ? payload : undefined;
  }
}
