import { Injectable } from '@nestjs/common';
import type { Result } from 'ioredis';
import { RedisKeys } from '../../infra/redis/redis-keys.js';
import { RedisService } from '../../infra/redis/redis.service.js';
import type { OfferTemplate } from '../shopper-channel/domain/offer-payload.js';
import type { CartCampaign, LiveCampaign, SendingCampaign } from './domain/live-campaign.js';
import { LIVE_CAMPAIGN_STATUS_LUA } from './live-campaign-status.lua.js';

declare module 'ioredis' {
  interface RedisCommander<Context> {
    liveCampaignStatus(campaignKey: string, cartIndex: string, status: string, live: string, id: string): Result<number, Context>;
  }
}

const AUDIENCE_BATCH = 5000;

/**
 * Live campaigns as the send path reads them: one hash per campaign (status, budget and spend,
 * cap, end, offer template), the set of running cart-triggered campaigns, and each cart
 * campaign's audience set. Campaigns publish and retire them; every decision reads them, so no
 * send reads PostgreSQL. The decision script also touches the shopper's keys, so Panier needs a
 * single Redis primary (not Redis Cluster).
 */
@Injectable()
export class LiveCampaigns {
  constructor(private readonly redis: RedisService) {
    redis.client.defineCommand('liveCampaignStatus', { numberOfKeys: 2, lua: LIVE_CAMPAIGN_STATUS_LUA });
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
    if (rt.trigger === 'cart') tx.sadd(RedisKeys.cartCampaigns, rt.id);
    await tx.exec();
  }

  async exists(id: string): Promise<boolean> {
    return (await this.redis.client.exists(RedisKeys.campaign(id))) === 1;
  }

  /**
   * Effective for every send decided after it returns (the decision script reads it). Only
   * updates a published campaign: without one no send is decided at all, and a partial hash
   * would pass for a published one (the launch job publishes the status it finds then).
   */
  async setStatus(id: string, status: string, live: boolean): Promise<void> {
    await this.redis.client.liveCampaignStatus(RedisKeys.campaign(id), RedisKeys.cartCampaigns, status, live ? '1' : '0', id);
  }

  async addAudience(id: string, pseudonyms: string[]): Promise<void> {
    for (let i = 0; i < pseudonyms.length; i += AUDIENCE_BATCH) {
      await this.redis.client.sadd(RedisKeys.campaignAudience(id), ...pseudonyms.slice(i, i + AUDIENCE_BATCH));
    }
  }

  /** Drops what a finished campaign kept (its audience set and cart-index entry); the hash stays for late retries. */
  async retire(id: string): Promise<void> {
    await this.redis.client.multi().srem(RedisKeys.cartCampaigns, id).del(RedisKeys.campaignAudience(id)).exec();
  }

  /** The live cart-triggered campaigns (read by each instance every second or so). */
  async cartCampaigns(): Promise<CartCampaign[]> {
    const ids = await this.redis.client.smembers(RedisKeys.cartCampaigns);
    if (ids.length === 0) return [];
    const pipe = this.redis.client.pipeline();
    for (const id of ids)
      pipe.hmget(RedisKeys.campaign(id), 'cartSkus', 'cartCategories', 'template', 'purposes', 'cost', 'wantsPush', 'inApp');
    const replies = (await pipe.exec()) ?? [];
    return ids.flatMap((id, i) => {
      const [error, fields] = replies[i] ?? [];
      const [skus, categories, template, purposes, cost, wantsPush, inApp] = (fields ?? []) as Array<string | null>;
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
    const tx = this.redis.client.multi().del(RedisKeys.offers(pseudonym));
    for (const id of live) tx.srem(RedisKeys.campaignAudience(id), pseudonym);
    await tx.exec();
  }
}
