import { Injectable } from '@nestjs/common';
import type { Result } from 'ioredis';
import { AppConfig } from '../../config/app-config.js';
import { RedisService } from '../../infra/redis/redis.service.js';
import { ConsentCache } from '../consent/consent-cache.js';
import { CampaignRuntime } from './campaign-runtime.js';
import type { Decision } from './domain/decision.js';
import { OFFER_DECISION_LUA } from './offer-decision.lua.js';
import { OffersRepository, type StoredConsent } from './offers.repository.js';

/** Shoppers per script call: small enough that one call never holds Redis for long (cart events wait behind it). */
const SCRIPT_BATCH = 25;

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
}

/**
 * Runs the decision script for many shoppers: batches of SCRIPT_BATCH per call, all calls in
 * flight together. Where Redis has no copy of a shopper's consent, the script falls back to
 * the state read from PostgreSQL (never to the default) and caches it as ConsentService.load
 * would: read beforehand when the caller has it (a fan-out chunk reads it with its shoppers),
 * else in one query and a second round.
 */
@Injectable()
export class OfferDecider {
  constructor(
    private readonly redis: RedisService,
    private readonly config: AppConfig,
    private readonly repository: OffersRepository,
  ) {
    redis.client.defineCommand('offerDecide', { lua: OFFER_DECISION_LUA });
  }

  async decide(campaignId: string, pseudonyms: string[], options: DecideOptions): Promise<Decision[]> {
    const first = await this.run(campaignId, pseudonyms, options, options.prefetched ?? new Map<string, StoredConsent>());
    const unknown = pseudonyms.filter((_, i) => first[i] === 'unknown');
    if (unknown.length === 0) return first as Decision[];
    const stored = await this.repository.consentOf(unknown);
    const second = await this.run(campaignId, unknown, options, stored);
    const retried = new Map(unknown.map((p, i) => [p, second[i]]));
    return first.map((d, i) => (d === 'unknown' ? (retried.get(pseudonyms[i]) as Decision) : d));
  }

  private async run(campaignId: string, pseudonyms: string[], options: DecideOptions, fallback: Map<string, StoredConsent>): Promise<Array<Decision | 'unknown'>> {
    const env = this.config.env;
    const head = [campaignId, options.checkAudience ? '1' : '0', options.purposes, env.CAMPAIGN_OFFER_HISTORY_DAYS * 86_400_000, env.CONSENT_CACHE_TTL_SECONDS];
    // One call per batch, all in flight at once on the connection (a pipeline), with a pause
    // between batches so that the encoding of a big chunk never holds the event loop for long.
    const calls: Array<Promise<string[]>> = [];
    for (let i = 0; i < pseudonyms.length; i += SCRIPT_BATCH) {
      const batch = pseudonyms.slice(i, i + SCRIPT_BATCH);
      const keys = [CampaignRuntime.campaignKey(campaignId), CampaignRuntime.audienceKey(campaignId), ...batch.flatMap((p) => [ConsentCache.keyOf(p), CampaignRuntime.offersKey(p)])];
      const perShopper = batch.flatMap((p) => {
        const stored = fallback.get(p);
        return [p, stored?.version ?? '', stored ? Object.entries(stored.choices).map(([k, v]) => `${k}=${v ? 1 : 0}`).join(',') : ''];
      });
      calls.push(this.redis.client.offerDecide(keys.length, ...keys, ...head, ...perShopper));
      if (i + SCRIPT_BATCH < pseudonyms.length) await new Promise<void>((resolve) => setImmediate(resolve));
    }
    const replies = await Promise.all(calls);
    const out: Array<Decision | 'unknown'> = [];
    replies.forEach((flat, b) => {
      for (let j = 0; j < flat.length; j += 2) out.push(toDecision(pseudonyms[b * SCRIPT_BATCH + j / 2], flat[j], flat[j + 1]));
    });
    return out;
  }
}

function toDecision(pseudonym: string, outcome: string, value: string): Decision | 'unknown' {
  switch (outcome) {
    case 'deliver':
    case 'already':
      return { pseudonym, outcome, at: new Date(Number(value)) };
    case 'halt':
      return { pseudonym, outcome, status: value || 'missing' };
    case 'unknown':
      return 'unknown';
    case 'no_consent':
    case 'frequency_cap':
    case 'budget':
    case 'outside':
      return { pseudonym, outcome };
    default:
      throw new Error(`unexpected offer decision ${outcome}`);
  }
}
