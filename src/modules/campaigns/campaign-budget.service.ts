import { Injectable } from '@nestjs/common';
import type { Result } from 'ioredis';
import { RedisService } from '../../infra/redis/redis.service.js';
import { RedisKeys } from '../../infra/redis/redis-keys.js';
import { deliveryIdOf } from '../shopper-channel/domain/offer-payload.js';
import { NEGATE_OFFER_LUA, REFUND_CHARGES_LUA } from './budget-refund.lua.js';

declare module 'ioredis' {
  interface RedisCommander<Context> {
    refundCharges(campaign: string, refunds: string, ...deliveryIds: string[]): Result<number, Context>;
    negateOffer(offersKey: string, campaignId: string): Result<number, Context>;
  }
}

/**
 * The Redis side of what a delivery costs its campaign: the charge is made by the decision
 * (OfferDecider's budget tickets); this gives it back, with the frequency-cap slot, for
 * deliveries that showed the shopper nothing (see budget-refund.lua.ts: idempotent per delivery,
 * never below 0, each step in one slot). The caller zeroes the rows' `cost_cents` in PostgreSQL
 * first, so a crash in between is repaired by running this again (the push job's retry, the
 * chunk's re-run).
 */
@Injectable()
export class CampaignBudget {
  constructor(private readonly redis: RedisService) {
    redis.client.defineCommand('refundCharges', { numberOfKeys: 2, lua: REFUND_CHARGES_LUA });
    redis.client.defineCommand('negateOffer', { numberOfKeys: 1, lua: NEGATE_OFFER_LUA });
  }

  /** Gives back the charges of these shoppers' deliveries of the campaign; returns how many were still charged. */
  async refund(campaignId: string, pseudonyms: readonly string[]): Promise<number> {
    const client = this.redis.client;
    // Commands of one tick leave together (auto-pipelining), one per shopper: their keys are in different slots.
    const scores = await Promise.all(pseudonyms.map((p) => client.zscore(RedisKeys.offers(p), campaignId)));
    const charged = pseudonyms.filter((_, i) => Number(scores[i] ?? 0) > 0);
    if (charged.length === 0) return 0;
    const refunded = await client.refundCharges(
      RedisKeys.campaign(campaignId),
      RedisKeys.campaignRefunds(campaignId),
      ...charged.map((p) => deliveryIdOf(campaignId, p)),
    );
    await Promise.all(charged.map((p) => client.negateOffer(RedisKeys.offers(p), campaignId)));
    return refunded;
  }
}
