import { Injectable } from '@nestjs/common';
import type { Redis, Result } from 'ioredis';
import { AppConfig } from '../../config/app-config.js';
import { RedisService } from '../../infra/redis/redis.service.js';
import { type Decision, parseDecisionReply } from './domain/decision.js';
import { OFFER_DECISION_LUA } from './offer-decision.lua.js';
import { OffersRepository, type StoredConsent } from './offers.repository.js';
import { RedisKeys } from '../../infra/redis/redis-keys.js';

declare module 'ioredis' {
  interface RedisCommander<Context> {
    offerDecide(numKeys: number, ...args: Array<string | number>): Result<string[], Context>;
  }
}

export interface DecideOptions {
  /** `purpose=default,…` as stored in the runtime campaign. */
  purposes: string;
  /** Cart triggers check audience membership in Redis; broadcasts read their chunk from the audience. */
  checkAudience: boolean;
  /** Consent read from PostgreSQL beforehand, used only where Redis has no copy (saves a second round). */
  prefetched?: Map<string, StoredConsent>;
  /**
   * A fan-out chunk: decided on the fan-out's own connection, and a fallback consent state is not
   * cached (the cart path caches it, as ConsentService.load would, for a shopper who is active).
   */
  bulk?: boolean;
}

/**
 * Runs the decision script for many shoppers: calls of CAMPAIGN_DECIDE_BATCH shoppers, one after
 * the other when the fan-out is paced, all in flight together when it is not. Where Redis has no
 * copy of a shopper's consent, the script falls back to the state read from PostgreSQL (never to
 * the default): read beforehand when the caller has it (a fan-out chunk reads it with its
 * shoppers), else in one query and a second round.
 */
@Injectable()
export class OfferDecider {
  private readonly defined = new WeakSet<Redis>();

  constructor(
    private readonly redis: RedisService,
    private readonly config: AppConfig,
    private readonly repository: OffersRepository,
  ) {}

  async decide(campaignId: string, pseudonyms: string[], options: DecideOptions): Promise<Decision[]> {
    const first = await this.run(campaignId, pseudonyms, options, options.prefetched ?? new Map<string, StoredConsent>());
    const unknown = pseudonyms.filter((_, i) => first[i] === 'unknown');
    if (unknown.length === 0) return first as Decision[];
    const stored = await this.repository.consentOf(unknown);
    const second = await this.run(campaignId, unknown, options, stored);
    const retried = new Map(unknown.map((p, i) => [p, second[i]]));
    return first.map((d, i) => (d === 'unknown' ? (retried.get(pseudonyms[i]) as Decision) : d));
  }

  private async run(
    campaignId: string,
    pseudonyms: string[],
    options: DecideOptions,
    fallback: Map<string, StoredConsent>,
  ): Promise<Array<Decision | 'unknown'>> {
    const client = this.connection(options.bulk === true);
    const batchSize = this.config.campaigns.decideBatch;
    const head = [
      campaignId,
      options.checkAudience ? '1' : '0',
      options.purposes,
      this.config.campaigns.offerHistoryMs,
      this.config.consent.cacheTtlSeconds,
      options.bulk ? '0' : '1',
    ];
    const campaignKeys = [RedisKeys.campaign(campaignId), RedisKeys.campaignAudience(campaignId)];
    // One call per batch. Calls sent together run back to back in Redis, and a cart event's command
    // arriving meanwhile waits for all of them; one at a time, it waits for one call at most. So a
    // paced fan-out (which shares the machine with live carts by design) sends them one after the
    // other; an unlimited one (CAMPAIGN_SEND_RATE=0: as fast as possible) keeps them all in flight.
    const together = this.config.campaigns.sendRate === 0;
    const replies: Array<Promise<string[]>> = [];
    for (let i = 0; i < pseudonyms.length; i += batchSize) {
      const batch = pseudonyms.slice(i, i + batchSize);
      const args: Array<string | number> = [...campaignKeys];
      for (const p of batch) args.push(RedisKeys.consent(p), RedisKeys.offers(p));
      args.push(...head);
      for (const p of batch) {
        const stored = fallback.get(p);
        args.push(p, stored ? (stored.version ?? '-') : '', stored?.choices ?? '');
      }
      const call = client.offerDecide(campaignKeys.length + batch.length * 2, ...args);
      replies.push(call);
      if (!together) await call;
    }
    return (await Promise.all(replies)).flatMap((reply, b) =>
      parseDecisionReply(pseudonyms.slice(b * batchSize, (b + 1) * batchSize), reply),
    );
  }

  private connection(bulk: boolean): Redis {
    const client = bulk ? this.redis.fanOut : this.redis.client;
    if (!this.defined.has(client)) {
      client.defineCommand('offerDecide', { lua: OFFER_DECISION_LUA });
      this.defined.add(client);
    }
    return client;
  }
}
