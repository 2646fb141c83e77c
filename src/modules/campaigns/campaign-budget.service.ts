import { Injectable } from '@nestjs/common';
import type { Result } from 'ioredis';
import { AppConfig } from '../../config/app-config.js';
import { RedisService } from '../../infra/redis/redis.service.js';
import { BUDGET_REFUND_LUA } from './budget-refund.lua.js';
import { RedisKeys } from '../../infra/redis/redis-keys.js';

declare module 'ioredis' {
  interface RedisCommander<Context> {
    offerRefund(numKeys: number, ...args: string[]): Result<number, Context>;
  }
}

/**
 * The Redis side of what a delivery costs its campaign: the charge is made by the decision script
 * (OfferDecider); this gives it back, with the frequency-cap slot, for deliveries that showed the
 * shopper nothing (see offer-refund.lua.ts: idempotent per delivery, never below 0). The caller
 * zeroes the rows' `cost_cents` in PostgreSQL first, so a crash in between is repaired by running
 * this again (the push job's retry, the chunk's re-run).
 */
@Injectable()
export class CampaignBudget {
  constructor(
    private readonly redis: RedisService,
    private readonly config: AppConfig,
  ) {
    redis.client.defineCommand('offerRefund', { lua: BUDGET_REFUND_LUA });
  }

  /** Gives back the charges of these shoppers' deliveries of the campaign; returns how many were still charged. */
  async refund(campaignId: string, pseudonyms: readonly string[]): Promise<number> {
    // Calls of CAMPAIGN_DECIDE_BATCH shoppers: Redis is never blocked long (cart events wait behind it).
    const batchSize = this.config.campaigns.decideBatch;
    let refunded = 0;
    for (let i = 0; i < pseudonyms.length; i += batchSize) {
      const keys = [RedisKeys.campaign(campaignId), ...pseudonyms.slice(i, i + batchSize).map((p) => RedisKeys.offers(p))];
      refunded += await this.redis.client.offerRefund(keys.length, ...keys, campaignId);
    }
    return refunded;
  }
}
