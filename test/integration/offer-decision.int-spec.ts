import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { RedisService } from '../../src/infra/redis/redis.service.js';
import { ConsentCache } from '../../src/modules/consent/consent.cache.js';
import type { LiveCampaign } from '../../src/modules/offers/domain/live-campaign.js';
import { LiveCampaigns } from '../../src/modules/offers/live-campaigns.store.js';
import type { Decision } from '../../src/modules/offers/domain/decision.js';
import { CampaignBudget } from '../../src/modules/campaigns/campaign-budget.service.js';
import { OfferDecider } from '../../src/modules/offers/offer-decider.service.js';
import { OFFER_TICKETS_LUA } from '../../src/modules/offers/offer-tickets.lua.js';
import type { StoredConsent } from '../../src/modules/offers/offers.repository.js';
import { RedisKeys } from '../../src/infra/redis/redis-keys.js';
import { deliveryIdOf } from '../../src/modules/shopper-channel/domain/offer-payload.js';
import { testContext } from '../support/fixtures.js';

const HOUR = 3_600_000;

/**
 * The decision script deciding a whole fan-out chunk (several calls of CAMPAIGN_DECIDE_BATCH
 * shoppers, in flight together) on the real Redis: every check made per shopper, the budget
 * shared across the calls and never overspent.
 */
describe('chunk-level delivery decisions (OfferDecider on real Redis)', () => {
  const context = testContext().withEnv({ CAMPAIGN_DECIDE_BATCH: '7', ROLE: 'api' });
  let ctx: INestApplicationContext;
  let decider: OfferDecider;
  let runtime: LiveCampaigns;
  let redis: RedisService['client'];

  beforeAll(async () => {
    ({ ctx } = await context.start());
    decider = ctx.get(OfferDecider);
    runtime = ctx.get(LiveCampaigns);
    redis = ctx.get(RedisService).client;
  }, 60_000);
  afterAll(() => context.close());

  /** A running broadcast published straight into Redis (no PostgreSQL row: the decision never reads one). */
  async function campaign(over: Partial<LiveCampaign> = {}): Promise<string> {
    const id = randomUUID();
    const template = {
      campaignId: id,
      supplier: { id: randomUUID(), name: 'Brand' },
      title: 't',
      body: 'b',
      skus: ['x'],
      discount: { type: 'percent' as const, value: 10 },
      validDays: 7,
    };
    await runtime.publish(
      {
        id,
        status: 'running',
        trigger: 'broadcast',
        budgetCents: 1_000_000,
        costCents: 5,
        capMax: 0,
        capMs: 0,
        endsAt: new Date(Date.now() + 24 * HOUR),
        purposes: 'targeted_offers=0',
        inApp: true,
        wantsPush: false,
        template,
        cartSkus: [],
        cartCategories: [],
        ...over,
      },
      0,
    );
    return id;
  }
  const granted = (pseudonyms: string[]): Map<string, StoredConsent> =>
    new Map(pseudonyms.map((p) => [p, { choices: 'targeted_offers=1' }]));
  const shoppers = (n: number) => Array.from({ length: n }, () => randomUUID());
  const outcomes = (decisions: Decision[]) => decisions.map((d) => d.outcome);
  const bulk = (id: string, pseudonyms: string[], prefetched = granted(pseudonyms)) =>
    decider.decide(id, pseudonyms, { purposes: 'targeted_offers=0', checkAudience: false, prefetched, bulk: true });

  it('decides a chunk across several calls, in order, and stops at the budget without overspending', async () => {
    const id = await campaign({ budgetCents: 50, costCents: 5 });
    const chunk = shoppers(30);
    const decisions = await bulk(id, chunk);
    expect(decisions.map((d) => d.pseudonym)).toEqual(chunk);
    expect(outcomes(decisions).filter((o) => o === 'deliver')).toHaveLength(10);
    expect(outcomes(decisions).filter((o) => o === 'budget')).toHaveLength(20);
    expect(await redis.hget(RedisKeys.campaign(id), 'spent')).toBe('50');
    // Calls in flight together are each atomic: the earlier calls of the chunk got the budget.
    expect(outcomes(decisions).slice(0, 10)).toEqual(Array(10).fill('deliver'));
  });

  it('decides on the shared connection when another command opened its pipeline in the same turn', async () => {
    const id = await campaign();
    const [p] = shoppers(1);
    // The service's background work shares this connection: a command of theirs may come first.
    const other = redis.exists(RedisKeys.campaign(id));
    const decided = decider.decide(id, [p], { purposes: 'targeted_offers=0', checkAudience: false, prefetched: granted([p]) });
    expect(outcomes(await decided)).toEqual(['deliver']);
    expect(await other).toBe(1);
  });

  it('trusts the Redis copy of consent over the fallback, and does not cache the fallback of a fan-out', async () => {
    const id = await campaign();
    const [withdrawn, uncached, unknownToBoth] = shoppers(3);
    await ctx.get(ConsentCache).write(withdrawn, 5n, { targeted_offers: false });
    const prefetched = granted([withdrawn, uncached]);
    const decisions = await bulk(id, [withdrawn, uncached, unknownToBoth], prefetched);
    // The third had no fallback: read from PostgreSQL (never chose: the default, not granted, for a consent basis).
    expect(outcomes(decisions)).toEqual(['no_consent', 'deliver', 'no_consent']);
    expect(await redis.exists(RedisKeys.consent(uncached))).toBe(0);
  });

  it('counts offers from every campaign for the cap, and answers a repeat with the first decision time', async () => {
    const [p] = shoppers(1);
    const first = await campaign();
    const [delivered] = await bulk(first, [p]);
    expect(delivered.outcome).toBe('deliver');
    const capped = await campaign({ capMax: 1, capMs: 24 * HOUR });
    expect(outcomes(await bulk(capped, [p]))).toEqual(['frequency_cap']);
    const roomy = await campaign({ capMax: 2, capMs: 24 * HOUR });
    expect(outcomes(await bulk(roomy, [p]))).toEqual(['deliver']);
    const [again] = await bulk(first, [p]);
    expect(again).toEqual({ pseudonym: p, outcome: 'already', at: 'at' in delivered ? delivered.at : undefined });
  });

  it('keeps the once entry of a campaign still on past the history window, and the key until the campaign ends', async () => {
    const DAY = 24 * HOUR;
    const long = await campaign({ endsAt: new Date(Date.now() + 200 * DAY) });
    const [p, q] = shoppers(2);
    // Offers older than the 90 days of history: one of the long campaign, one of a campaign long gone.
    const ended = randomUUID();
    await redis.zadd(RedisKeys.offers(p), Date.now() - 100 * DAY, long, Date.now() - 100 * DAY, ended);
    await redis.hset(RedisKeys.offerEnds(p), long, Date.now() + 200 * DAY, ended, Date.now() - 95 * DAY);
    // Another campaign's delivery trims the history...
    expect(outcomes(await bulk(await campaign(), [p]))).toEqual(['deliver']);
    expect(await redis.zscore(RedisKeys.offers(p), ended)).toBeNull();
    // ...but not the once entry of the campaign still running: no second offer.
    expect(await redis.zscore(RedisKeys.offers(p), long)).not.toBeNull();
    expect(outcomes(await bulk(long, [p]))).toEqual(['already']);
    // A delivery keeps the shopper's history at least until its campaign ends.
    expect(outcomes(await bulk(long, [q]))).toEqual(['deliver']);
    expect(await redis.pttl(RedisKeys.offers(q))).toBeGreaterThan(199 * DAY);
  });

  it('charges once when a decision is retried after dying between its steps (tickets held, delivery recorded, not settled)', async () => {
    const id = await campaign({ budgetCents: 10, costCents: 5 });
    const [p, q] = shoppers(2);
    const spent = () => redis.hget(RedisKeys.campaign(id), 'spent');
    // Step 1 alone, on a connection of the test's own: defined on the shared, auto-pipelined one, a
    // script is missing from a pipeline the service's background work opened earlier in the tick.
    const steps = ctx.get(RedisService).dedicated('offer-decision-test');
    steps.defineCommand('offerTickets', { numberOfKeys: 3, lua: OFFER_TICKETS_LUA });
    // Died after step 1: p's ticket is held and charged, nothing decided.
    const tickets = [RedisKeys.campaign(id), RedisKeys.campaignAudience(id), RedisKeys.campaignTickets(id)] as const;
    const [, stamp] = await steps.offerTickets(...tickets, '0', deliveryIdOf(id, p), p);
    expect(await spent()).toBe('5');
    const [retried] = await bulk(id, [p]);
    expect(retried).toMatchObject({ outcome: 'deliver', at: new Date(Number(stamp)) });
    expect(await spent()).toBe('5');
    // Died after step 2 (q's delivery recorded at its ticket's stamp, not settled): the retry keeps the one charge.
    const [, stampQ] = await steps.offerTickets(...tickets, '0', deliveryIdOf(id, q), q);
    await redis.zadd(RedisKeys.offers(q), stampQ, id);
    expect(await bulk(id, [q])).toEqual([{ pseudonym: q, outcome: 'already', at: new Date(Number(stampQ)) }]);
    expect(await spent()).toBe('10');
    expect(await redis.hlen(RedisKeys.campaignTickets(id))).toBe(0);
  });

  it('gives the budget of shoppers refused for consent or cap to the next ones of the batch', async () => {
    const id = await campaign({ budgetCents: 10, costCents: 5 });
    const [refused, a, b, c] = shoppers(4);
    const prefetched = granted([a, b, c]);
    prefetched.set(refused, { choices: 'targeted_offers=0' });
    expect(outcomes(await bulk(id, [refused, a, b, c], prefetched))).toEqual(['no_consent', 'deliver', 'deliver', 'budget']);
    expect(await redis.hget(RedisKeys.campaign(id), 'spent')).toBe('10');
  });

  it('halts the whole chunk once the campaign is paused, deciding nothing', async () => {
    const id = await campaign();
    await runtime.setStatus(id, 'paused', true);
    const chunk = shoppers(10);
    expect(outcomes(await bulk(id, chunk))).toEqual(Array(10).fill('halt'));
    // One key per command: on a Redis Cluster the shoppers' keys are in different slots.
    expect(await Promise.all(chunk.map((p) => redis.exists(RedisKeys.offers(p))))).toEqual(Array(10).fill(0));
    expect(await redis.hget(RedisKeys.campaign(id), 'spent')).toBe('0');
  });

  it('gives back a charge and its cap slot once per delivery, keeping the once key and its time, never below 0', async () => {
    const charges = ctx.get(CampaignBudget);
    const id = await campaign({ budgetCents: 10, costCents: 5, capMax: 1, capMs: 24 * HOUR });
    const [p, q, r] = shoppers(3);
    const [first] = await bulk(id, [p]);
    expect(outcomes(await bulk(id, [q, r]))).toEqual(['deliver', 'budget']);
    const spent = () => redis.hget(RedisKeys.campaign(id), 'spent');
    expect(await spent()).toBe('10');
    // p's charge back, once: a second call (a retried job) and an unknown shopper give nothing.
    expect(await charges.refund(id, [p])).toBe(1);
    expect(await charges.refund(id, [p, randomUUID()])).toBe(0);
    expect(await spent()).toBe('5');
    // The budget has room again for r.
    expect(outcomes(await bulk(id, [r]))).toEqual(['deliver']);
    // p is still delivered for this campaign (same time), but the cap no longer counts it.
    const [again] = await bulk(id, [p]);
    expect(again).toEqual({ pseudonym: p, outcome: 'already', at: 'at' in first ? first.at : undefined });
    expect(outcomes(await bulk(await campaign({ capMax: 1, capMs: 24 * HOUR }), [p, q]))).toEqual(['deliver', 'frequency_cap']);
    // A counter already lower than the charges (seeded again from PostgreSQL) never goes below 0.
    await redis.hset(RedisKeys.campaign(id), 'spent', 3);
    expect(await charges.refund(id, [q, r])).toBe(2);
    expect(await spent()).toBe('0');
  });
});
