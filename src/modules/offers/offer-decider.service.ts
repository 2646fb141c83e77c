import { Injectable } from '@nestjs/common';
import type { Result } from 'ioredis';
import { AppConfig } from '../../config/app-config.js';
import type { RedisClient } from '../../infra/redis/redis-connections.js';
import { RedisKeys } from '../../infra/redis/redis-keys.js';
import { RedisService } from '../../infra/redis/redis.service.js';
import { deliveryIdOf } from '../shopper-channel/domain/offer-payload.js';
import { type CampaignTickets, type Decision, keepsCharge, parseShopperDecisions, parseTickets } from './domain/decision.js';
import { OFFER_DECISION_LUA } from './offer-decision.lua.js';
import { OFFER_SETTLE_LUA, OFFER_TICKETS_LUA } from './offer-tickets.lua.js';
import { OffersRepository, type StoredConsent } from './offers.repository.js';

declare module 'ioredis' {
  interface RedisCommander<Context> {
    offerTickets(campaign: string, audience: string, tickets: string, ...args: string[]): Result<string[], Context>;
    offerDecide(numKeys: number, ...args: Array<string | number>): Result<string[], Context>;
    offerDecideOne(consent: string, offers: string, offerEnds: string, ...args: Array<string | number>): Result<string[], Context>;
    offerSettle(campaign: string, tickets: string, ...args: string[]): Result<number, Context>;
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

/** Rounds of one batch: a shopper refused for budget is tried again when the batch gave tickets back. */
const MAX_ROUNDS = 4;

/**
 * Runs the delivery decision for many shoppers, in batches of CAMPAIGN_DECIDE_BATCH: one after
 * the other when the fan-out is paced, all in flight together when it is not. Each batch takes
 * three scripts, each in one Redis Cluster slot (offer-tickets.lua.ts): budget tickets in the
 * campaign's slot, the decision in each shopper's slot, then the tickets settled. Where Redis has
 * no copy of a shopper's consent, the decision falls back to the state read from PostgreSQL
 * (never to the default): read beforehand when the caller has it (a fan-out chunk reads it with
 * its shoppers), else in one query and a second round.
 */
@Injectable()
export class OfferDecider {
  private readonly defined = new WeakSet<RedisClient>();

  constructor(
    private readonly redis: RedisService,
    private readonly config: AppConfig,
    private readonly repository: OffersRepository,
  ) {
    // At start, as every other script: defined at first use on this shared, auto-pipelined
    // connection, the scripts would be missing from a pipeline another command had opened in the
    // same turn of the event loop (ioredis copies the scripts when it creates one).
    this.define(redis.client);
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

  private async run(
    campaignId: string,
    pseudonyms: string[],
    options: DecideOptions,
    fallback: Map<string, StoredConsent>,
  ): Promise<Array<Decision | 'unknown'>> {
    const batchSize = this.config.campaigns.decideBatch;
    // Batches sent together run back to back in Redis, and a cart event's command arriving
    // meanwhile waits for all of them; one at a time, it waits for one at most. So a paced fan-out
    // (which shares the machine with live carts by design) sends them one after the other; an
    // unlimited one (CAMPAIGN_SEND_RATE=0: as fast as possible) keeps them all in flight.
    const together = this.config.campaigns.sendRate === 0;
    const replies: Array<Promise<Array<Decision | 'unknown'>>> = [];
    for (let i = 0; i < pseudonyms.length; i += batchSize) {
      const batch = this.decideBatch(campaignId, pseudonyms.slice(i, i + batchSize), options, fallback);
      replies.push(batch);
      if (!together) await batch;
    }
    return (await Promise.all(replies)).flat();
  }

  private async decideBatch(
    campaignId: string,
    batch: string[],
    options: DecideOptions,
    fallback: Map<string, StoredConsent>,
  ): Promise<Array<Decision | 'unknown'>> {
    const client = this.connection(options.bulk === true);
    const decided = new Map<string, Decision | 'unknown'>();
    let pending = batch;
    for (let round = 0; round < MAX_ROUNDS && pending.length > 0; round++) {
      const tickets = await this.tickets(client, campaignId, pending, options.checkAudience);
      if ('halted' in tickets) {
        for (const pseudonym of pending) decided.set(pseudonym, { pseudonym, outcome: 'halt', status: tickets.halted });
        break;
      }
      const decisions = await this.decideShoppers(client, campaignId, pending, tickets, options, fallback);
      pending.forEach((p, i) => decided.set(p, decisions[i]));
      const givenBack = await this.settle(client, campaignId, pending, tickets, decisions);
      // Tickets of this batch given back (no consent, capped…): the budget has room again for
      // those refused for it, as if the batch had been decided in one step.
      pending = givenBack > 0 ? pending.filter((_, i) => decisions[i] !== 'unknown' && decisions[i].outcome === 'budget') : [];
    }
    return batch.map((p) => decided.get(p) as Decision | 'unknown');
  }

  /** Step 1, the campaign's slot: running, audience, a budget ticket per shopper. */
  private async tickets(client: RedisClient, campaignId: string, pseudonyms: string[], checkAudience: boolean): Promise<CampaignTickets> {
    const args = [checkAudience ? '1' : '0'];
    for (const p of pseudonyms) args.push(deliveryIdOf(campaignId, p), p);
    const reply = await client.offerTickets(
      RedisKeys.campaign(campaignId),
      RedisKeys.campaignAudience(campaignId),
      RedisKeys.campaignTickets(campaignId),
      ...args,
    );
    return parseTickets(pseudonyms.length, reply);
  }

  /**
   * Step 2, each shopper's slot: one call for the whole batch on one Redis server, one call per
   * shopper on a Cluster (sent together: auto-pipelined per node).
   */
  private async decideShoppers(
    client: RedisClient,
    campaignId: string,
    pseudonyms: string[],
    tickets: Exclude<CampaignTickets, { halted: string }>,
    options: DecideOptions,
    fallback: Map<string, StoredConsent>,
  ): Promise<Array<Decision | 'unknown'>> {
    const head = [
      campaignId,
      options.purposes,
      this.config.campaigns.offerHistoryMs,
      this.config.consent.cacheTtlSeconds,
      options.bulk ? '0' : '1',
      tickets.capMax,
      tickets.capMs,
      tickets.ends,
      tickets.stamp,
    ];
    const call = (from: number, to: number): Promise<string[]> => {
      const keys: string[] = [];
      const args: Array<string | number> = [...head];
      for (let i = from; i < to; i++) {
        const p = pseudonyms[i];
        keys.push(RedisKeys.consent(p), RedisKeys.offers(p), RedisKeys.offerEnds(p));
        const stored = fallback.get(p);
        args.push(tickets.codes[i], tickets.stamps[i], stored ? (stored.version ?? '-') : '', stored?.choices ?? '');
      }
      // A fixed number of keys on a Cluster: ioredis routes a script by its first key only when it knows where the keys are.
      return to - from === 1 && this.redis.cluster
        ? client.offerDecideOne(keys[0], keys[1], keys[2], ...args)
        : client.offerDecide(keys.length, ...keys, ...args);
    };
    const replies = this.redis.cluster ? await Promise.all(pseudonyms.map((_, i) => call(i, i + 1))) : [await call(0, pseudonyms.length)];
    return parseShopperDecisions(pseudonyms, replies.flat());
  }

  /** Step 3, the campaign's slot: tickets released, the charge kept only where the shopper got the delivery. */
  private async settle(
    client: RedisClient,
    campaignId: string,
    pseudonyms: string[],
    tickets: Exclude<CampaignTickets, { halted: string }>,
    decisions: Array<Decision | 'unknown'>,
  ): Promise<number> {
    const args: string[] = [];
    pseudonyms.forEach((p, i) => {
      if (tickets.codes[i] !== 'T') return;
      args.push(deliveryIdOf(campaignId, p), keepsCharge(decisions[i], tickets.stamps[i]) ? '1' : '0');
    });
    if (args.length === 0) return 0;
    return client.offerSettle(RedisKeys.campaign(campaignId), RedisKeys.campaignTickets(campaignId), ...args);
  }

  /**
   * The fan-out connection is opened at its first use (an instance that never fans out never opens
   * it), and its first commands are these scripts: its other traffic, the offer relay, publishes
   * decisions made with them. So the scripts are defined there then.
   */
  private connection(bulk: boolean): RedisClient {
    if (!bulk) return this.redis.client;
    const client = this.redis.fanOut;
    if (!this.defined.has(client)) this.define(client);
    return client;
  }

  private define(client: RedisClient): void {
    client.defineCommand('offerTickets', { numberOfKeys: 3, lua: OFFER_TICKETS_LUA });
    client.defineCommand('offerDecide', { lua: OFFER_DECISION_LUA });
    client.defineCommand('offerDecideOne', { numberOfKeys: 3, lua: OFFER_DECISION_LUA });
    client.defineCommand('offerSettle', { numberOfKeys: 2, lua: OFFER_SETTLE_LUA });
    this.defined.add(client);
  }
}
