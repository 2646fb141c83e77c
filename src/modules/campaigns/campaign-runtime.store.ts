import { Injectable } from '@nestjs/common';
import type { Result } from 'ioredis';
import { RedisService } from '../../infra/redis/redis.service.js';
import type { OfferTemplate } from '../offers/domain/offer.js';

/** What the send path needs of a live campaign, kept in Redis so that no send reads PostgreSQL. */
export interface RuntimeCampaign {
  id: string;
  status: string;
  trigger: 'broadcast' | 'cart';
  budgetCents: number;
  costCents: number;
  capMax: number;
  capMs: number;
  endsAt: Date;
  /** `purpose=default` pairs for the decision script (default '1' = legitimate interest). */
  purposes: string;
  /** The campaign offers in-app (inbox and `offer` event); without it, push is its only channel. */
  inApp: boolean;
  /** Push was asked for (sent when a provider is configured, else recorded `unavailable`). */
  wantsPush: boolean;
  template: OfferTemplate;
  /** Cart triggers: the skus (categories expanded through the catalog at launch) and categories. */
  cartSkus: string[];
  cartCategories: string[];
}

export type CartCampaign = Pick<RuntimeCampaign, 'id' | 'cartSkus' | 'cartCategories' | 'template' | 'purposes' | 'costCents' | 'inApp' | 'wantsPush'>;

const CART_INDEX = 'campaigns:cart';

/** KEYS: campaign hash, cart index. ARGV: status, '1' when live, campaign id. */
const SET_STATUS_LUA = `
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HSET', KEYS[1], 'status', ARGV[1]) end
if ARGV[2] ~= '1' then redis.call('SREM', KEYS[2], ARGV[3]) end
return 1`;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    campaignSetStatus(campaignKey: string, cartIndex: string, status: string, live: string, id: string): Result<number, Context>;
  }
}
const AUDIENCE_BATCH = 5000;

/**
 * The Redis side of live campaigns: one hash per campaign (status, budget and spend, cap, end,
 * offer template), the set of running cart-triggered campaigns, and each cart campaign's
 * audience set. Hash-tagged by campaign id; the decision script also touches the shopper's keys,
 * so Panier needs a single Redis primary (not Redis Cluster), as BullMQ's own scripts do per queue.
 */
@Injectable()
export class CampaignRuntime {
  constructor(private readonly redis: RedisService) {
    redis.client.defineCommand('campaignSetStatus', { numberOfKeys: 2, lua: SET_STATUS_LUA });
  }

  static campaignKey(id: string): string {
    return `campaign:{${id}}`;
  }

  static audienceKey(id: string): string {
    return `campaign:{${id}}:audience`;
  }

  /**
   * The broadcast's chunks done so far (only ever grows, so retries and repairs cannot undo it):
   * when it holds every chunk, PostgreSQL is asked whether the dispatch is complete.
   */
  static doneKey(id: string): string {
    return `campaign:{${id}}:done`;
  }

  static offersKey(pseudonym: string): string {
    return `offers:{${pseudonym}}`;
  }

  /** Writes the campaign's runtime state; `spentCents` only seeds a missing counter (never resets a live one). */
  async publish(rt: RuntimeCampaign, spentCents: number): Promise<void> {
    const key = CampaignRuntime.campaignKey(rt.id);
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
    if (rt.trigger === 'cart') tx.sadd(CART_INDEX, rt.id);
    await tx.exec();
  }

  async exists(id: string): Promise<boolean> {
    return (await this.redis.client.exists(CampaignRuntime.campaignKey(id))) === 1;
  }

  async status(id: string): Promise<string | null> {
    return this.redis.client.hget(CampaignRuntime.campaignKey(id), 'status');
  }

  /**
   * Effective for every send decided after it returns (the decision script reads it). Only
   * updates a published campaign: without one no send is decided at all, and a partial hash
   * would pass for a published one (the launch job publishes the status it finds then).
   */
  async setStatus(id: string, status: string, live: boolean): Promise<void> {
    await this.redis.client.campaignSetStatus(CampaignRuntime.campaignKey(id), CART_INDEX, status, live ? '1' : '0', id);
  }

  async addAudience(id: string, pseudonyms: string[]): Promise<void> {
    for (let i = 0; i < pseudonyms.length; i += AUDIENCE_BATCH) {
      await this.redis.client.sadd(CampaignRuntime.audienceKey(id), ...pseudonyms.slice(i, i + AUDIENCE_BATCH));
    }
  }

  /** The number of chunks of the broadcast, and those already done (when rebuilding a lost state). */
  async setChunks(id: string, total: number, done: number[]): Promise<void> {
    const tx = this.redis.client.multi().hset(CampaignRuntime.campaignKey(id), 'chunks', total);
    for (let i = 0; i < done.length; i += AUDIENCE_BATCH) tx.sadd(CampaignRuntime.doneKey(id), ...done.slice(i, i + AUDIENCE_BATCH));
    await tx.exec();
  }

  /** The generation of the campaign's current chunk jobs (see CampaignChunkQueue). */
  async setGeneration(id: string, generation: number): Promise<void> {
    await this.redis.client.hset(CampaignRuntime.campaignKey(id), 'gen', generation);
  }

  /** The current generation and the chunks not done yet (undefined when the state was lost). */
  async chunkPlan(id: string): Promise<{ generation?: number; open?: number[] }> {
    const [[gen, chunks], done] = await Promise.all([
      this.redis.client.hmget(CampaignRuntime.campaignKey(id), 'gen', 'chunks'),
      this.redis.client.smembers(CampaignRuntime.doneKey(id)),
    ]);
    if (chunks === null) return { generation: gen ? Number(gen) : undefined };
    const finished = new Set(done.map(Number));
    return { generation: gen ? Number(gen) : undefined, open: Array.from({ length: Number(chunks) }, (_, i) => i).filter((c) => !finished.has(c)) };
  }

  /** Marks a chunk done; true once every chunk is (or when the count was lost: the caller then asks PostgreSQL). */
  async chunkDone(id: string, chunk: number): Promise<boolean> {
    const replies = await this.redis.client.multi().sadd(CampaignRuntime.doneKey(id), chunk).scard(CampaignRuntime.doneKey(id)).hget(CampaignRuntime.campaignKey(id), 'chunks').exec();
    const total = replies?.[2]?.[1];
    return typeof total !== 'string' || Number(replies?.[1]?.[1] ?? 0) >= Number(total);
  }

  /** Drops what a finished campaign kept (its audience set and cart-index entry); the hash stays for late retries. */
  async retire(id: string): Promise<void> {
    await this.redis.client.multi().srem(CART_INDEX, id).del(CampaignRuntime.audienceKey(id), CampaignRuntime.doneKey(id)).exec();
  }

  /** The live cart-triggered campaigns (read by each instance every second or so). */
  async cartCampaigns(): Promise<CartCampaign[]> {
    const ids = await this.redis.client.smembers(CART_INDEX);
    if (ids.length === 0) return [];
    const pipe = this.redis.client.pipeline();
    for (const id of ids) pipe.hmget(CampaignRuntime.campaignKey(id), 'cartSkus', 'cartCategories', 'template', 'purposes', 'cost', 'wantsPush', 'inApp');
    const replies = (await pipe.exec()) ?? [];
    return ids.flatMap((id, i) => {
      const [error, fields] = replies[i] ?? [];
      const [skus, categories, template, purposes, cost, wantsPush, inApp] = (fields ?? []) as Array<string | null>;
      if (error || !skus || !categories || !template || !purposes || !cost) return [];
      return [{
        id,
        cartSkus: JSON.parse(skus) as string[],
        cartCategories: JSON.parse(categories) as string[],
        template: JSON.parse(template) as OfferTemplate,
        purposes,
        costCents: Number(cost),
        // Published before push was built: those campaigns were all in-app.
        inApp: inApp !== '0',
        wantsPush: wantsPush === '1',
      }];
    });
  }

  /** What a broadcast send needs (offer template, purposes, cost), as published at launch. */
  async sendTerms(id: string): Promise<Omit<CartCampaign, 'cartSkus' | 'cartCategories'> | undefined> {
    const [template, purposes, cost, wantsPush, inApp] = await this.redis.client.hmget(CampaignRuntime.campaignKey(id), 'template', 'purposes', 'cost', 'wantsPush', 'inApp');
    if (!template || !purposes || !cost) return undefined;
    return { id, template: JSON.parse(template) as OfferTemplate, purposes, costCents: Number(cost), inApp: inApp !== '0', wantsPush: wantsPush === '1' };
  }

  /** Erasure: the shopper's offer history (frequency cap and once keys); PostgreSQL keeps the once rule. */
  /** Erasure: the shopper's offer history, and their place in live cart-triggered audiences. */
  async forgetShopper(pseudonym: string): Promise<void> {
    const live = await this.redis.client.smembers(CART_INDEX);
    const tx = this.redis.client.multi().del(CampaignRuntime.offersKey(pseudonym));
    for (const id of live) tx.srem(CampaignRuntime.audienceKey(id), pseudonym);
    await tx.exec();
  }
}
