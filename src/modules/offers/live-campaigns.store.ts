import { Injectable } from '@nestjs/common';
import type { Result } from 'ioredis';
import { RedisKeys } from '../../infra/redis/redis-keys.js';
import { RedisService } from '../../infra/redis/redis.service.js';
import type { OfferTemplate } from '../shopper-channel/domain/offer-payload.js';
import type { CartCampaign, LiveCampaign, SendingCampaign } from './domain/live-campaign.js';
import { LIVE_CAMPAIGN_STATUS_LUA } from './live-campaign-status.lua.js';

declare module 'ioredis' {
  interface RedisCommander<Context> {
    liveCampaignStatus(campaignKey: string, status: string): Result<number, Context>;
  }
}

const AUDIENCE_BATCH = 5000;

/**
 * Live campaigns as the send path reads them: one hash per campaign (status, budget and spend,
 * cap, end, offer template), the set of running cart-triggered campaigns, and each cart
 * campaign's audience set. Campaigns publish and retire them; every decision reads them, so no
 * send reads PostgreSQL. A campaign's keys share its `{id}` slot; the cart-trigger index is a key
 * of its own, written apart from them (on a Redis Cluster no MULTI or script spans both): it is
 * written after a publish and before a retirement, and a campaign it names that is not running is
 * halted by the decision's ticket script anyway.
 */
@Injectable()
export class LiveCampaigns {
  constructor(private readonly redis: RedisService) {
    redis.client.defineCommand('liveCampaignStatus', { numberOfKeys: 1, lua: LIVE_CAMPAIGN_STATUS_LUA });
  }

  /** Writes the campaign's runtime state; `spentCents` only seeds a missing counter (never resets a live one). */
  async publish(rt: LiveCampaign, spentCents: number): Promise<void> {
    const key = RedisKeys.campaign(rt.id);
    const tx = this.redis.client.multi();
    tx.hset(key, {
      status: rt.status,
      trigger: rt.trigger,
      budget: rt.budgetCents,
      cost: rt.costCents,
      capMax: rt.capMax,
      capMs: rt.capMs,
      ends: rt.endsAt.getTime(),
      purposes: rt.purposes,
      inApp: rt.inApp ? '1' : '0',
      wantsPush: rt.wantsPush ? '1' : '0',
      template: JSON.stringify(rt.template),
      cartSkus: JSON.stringify(rt.cartSkus),
      cartCategories: JSON.stringify(rt.cartCategories),
    });
    tx.hsetnx(key, 'spent', spentCents);
    await tx.exec();
    if (rt.trigger === 'cart') await this.redis.client.sadd(RedisKeys.cartCampaigns, rt.id);
  }

  async exists(id: string): Promise<boolean> {
    return (await this.redis.client.exists(RedisKeys.campaign(id))) === 1;
  }

  /**
   * Effective for every send whose budget tickets are taken after it returns (the ticket script
   * reads it; a batch holding tickets already finishes, as a send decided just before). Only
   * updates a published campaign: without one no send is decided at all, and a partial hash
   * would pass for a published one (the launch job publishes the status it finds then).
   */
  async setStatus(id: string, status: string, live: boolean): Promise<void> {
    await this.redis.client.liveCampaignStatus(RedisKeys.campaign(id), status);
    if (!live) await this.redis.client.srem(RedisKeys.cartCampaigns, id);
  }

  async addAudience(id: string, pseudonyms: string[]): Promise<void> {
    for (let i = 0; i < pseudonyms.length; i += AUDIENCE_BATCH) {
      await this.redis.client.sadd(RedisKeys.campaignAudience(id), ...pseudonyms.slice(i, i + AUDIENCE_BATCH));
    }
  }

  /** Drops what a finished campaign kept (its audience set and cart-index entry); the hash stays for late retries. */
  async retire(id: string): Promise<void> {
    await this.redis.client.srem(RedisKeys.cartCampaigns, id);
    await this.redis.client.del(RedisKeys.campaignAudience(id));
  }

  /** The live cart-triggered campaigns (read by each instance every second or so). */
  async cartCampaigns(): Promise<CartCampaign[]> {
    const ids = await this.redis.client.smembers(RedisKeys.cartCampaigns);
    if (ids.length === 0) return [];
    // One command per campaign, sent together (auto-pipelined): on a Cluster each hash has its own slot.
    const replies = await Promise.all(
      ids.map((id) =>
        this.redis.client
          .hmget(RedisKeys.campaign(id), 'cartSkus', 'cartCategories', 'template', 'purposes', 'cost', 'wantsPush', 'inApp')
          .then((fields) => [null, fields] as const)
          .catch((error: unknown) => [error, null] as const),
      ),
    );
    return ids.flatMap((id, i) => {
      const [error, fields] = replies[i];
      const [skus, categories, template, purposes, cost, wantsPush, inApp] = fields ?? [];
      if (error || !skus || !categories || !template || !purposes || !cost) return [];
      return [
        {
          id,
          cartSkus: JSON.parse(skus) as string[],
          cartCategories: JSON.parse(categories) as string[],
          template: JSON.parse(template) as OfferTemplate,
          purposes,
          costCents: Number(cost),
          // Published before push was built: those campaigns were all in-app.
          inApp: inApp !== '0',
          wantsPush: wantsPush === '1',
        },
      ];
    });
  }

  /**
   * A broadcast's live status and what its sends need (offer template, purposes, cost), as
   * published at launch, in one read; `status` is null when Redis lost the campaign.
   */
  async sending(id: string): Promise<{ status: string | null; terms?: SendingCampaign }> {
    const [status, template, purposes, cost, wantsPush, inApp] = await this.redis.client.hmget(
      RedisKeys.campaign(id),
      'status',
      'template',
      'purposes',
      'cost',
      'wantsPush',
      'inApp',
    );
    if (!template || !purposes || !cost) return { status };
    return {
      status,
      terms: {
        id,
        template: JSON.parse(template) as OfferTemplate,
        purposes,
        costCents: Number(cost),
        inApp: inApp !== '0',
        wantsPush: wantsPush === '1',
      },
    };
  }

  /** Erasure: the shopper's offer history, and their place in live cart-triggered audiences. */
  async forgetShopper(pseudonym: string): Promise<void> {
    const live = await this.redis.client.smembers(RedisKeys.cartCampaigns);
    await Promise.all([
      this.redis.client.del(RedisKeys.offers(pseudonym), RedisKeys.offerEnds(pseudonym)),
      ...live.map((id) => this.redis.client.srem(RedisKeys.campaignAudience(id), pseudonym)),
    ]);
  }
}
