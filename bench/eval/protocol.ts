/**
 * The evaluation protocol of the Ta-Feng README: the forgotten item (hide one
 * seeded-random item of the last basket, the rest is the live cart, rank the
 * top 3 outside the cart) and next-basket prediction (empty cart, top 10).
 */
import { buildProfile, type HabitProfile, type ProfileConfig } from '../../src/modules/profiles/domain/habit-profile.js';
import type { Shopper } from './dataset.js';
import { hitAt, ndcgAt, recallAt } from './metrics.js';
import { mulberry32, seededHash } from './prng.js';

/** A shopper with what every method needs precomputed. */
export interface Subject {
  readonly shopper: Shopper;
  readonly profile: HabitProfile;
  /** Items bought before the future basket. */
  readonly past: ReadonlySet<string>;
}

/** Ranks up to k skus outside the cart. */
export type Ranker = (subject: Subject, cart: ReadonlySet<string>, k: number) => string[];

/** Metric values for one method over one set of shoppers. */
export interface Scores {
  readonly hitAt3: number;
  readonly repeatHitAt3: number;
  /** Standard error of repeatHitAt3 (binomial, over the repeat shoppers). */
  readonly repeatHitAt3Se: number;
  /** hitAt3 in expectation over the draw (every item hidden in turn). */
  readonly expectedHitAt3: number;
  /** repeatHitAt3 in expectation over the draw. */
  readonly expectedRepeatHitAt3: number;
  /** Standard error of expectedRepeatHitAt3 over shoppers (a ratio estimator: delta method). */
  readonly expectedRepeatHitAt3Se: number;
  readonly recallAt10: number;
  readonly recallAt10Se: number;
  readonly ndcgAt10: number;
  /** Shoppers in the forgotten-item task (last basket of two items or more). */
  readonly shoppers: number;
  /** Of those, shoppers whose hidden item was bought before. */
  readonly repeatShoppers: number;
  /** Shoppers in the next-basket task. */
  readonly nbrShoppers: number;
}

/** Per-shopper outcomes behind {@link Scores}, kept so that two methods can be compared pairwise. */
export interface Outcomes {
  /** Per forgotten-item shopper: expected repeat hits and repeat weight (Σ over repeat items of 1/|basket|). */
  readonly expectedRepeat: ReadonlyMap<string, { hits: number; weight: number }>;
}

/** Salt of the tune/test split; fixed so that --seed never moves a shopper across it. */
export const SPLIT_SALT = 0x5eed;
/** Share of shoppers in the tune split. */
export const TUNE_SHARE = 0.8;

/** Which split a shopper belongs to, from a salted hash of the id. */
export function splitOf(id: string): 'tune' | 'test' {
  return seededHash(SPLIT_SALT, id) < TUNE_SHARE ? 'tune' : 'test';
}

/**
 * Index of the hidden item per shopper, drawn for every eligible shopper in id
 * order whatever the split, so a shopper's draw never depends on --users.
 */
export function drawHidden(shoppers: readonly Shopper[], seed: number): Map<string, number> {
  const random = mulberry32(seed);
  const draws = new Map<string, number>();
  for (const shopper of shoppers) {
    if (shopper.future.length >= 2) draws.set(shopper.id, Math.floor(random() * shopper.future.length));
  }
  return draws;
}

/** Builds each shopper's profile with the same code path as the service. */
export function prepare(shoppers: readonly Shopper[], config: Partial<ProfileConfig> = {}): Subject[] {
  return shoppers.map((shopper) => ({
    shopper,
    profile: buildProfile(shopper.history, config),
    past: new Set(shopper.history.flatMap((order) => order.skus)),
  }));
}

/**
 * Scores one method on the given draws. Every item of each last basket is also
 * hidden in turn (weight 1/|basket|) for the expected rates over the draw, which
 * are far steadier than one draw and are what --tune optimises.
 */
export function evaluate(rank: Ranker, subjects: readonly Subject[], draws: ReadonlyMap<string, number>): Scores {
  return evaluateWithOutcomes(rank, subjects, draws).scores;
}

/** {@link evaluate}, with the per-shopper outcomes. */
export function evaluateWithOutcomes(
  rank: Ranker,
  subjects: readonly Subject[],
  draws: ReadonlyMap<string, number>,
): { scores: Scores; outcomes: Outcomes } {
  const drawn = { hits: 0, n: 0, repeatHits: 0, repeatN: 0 };
  const expected = { hits: 0, n: 0, repeatHits: 0, repeatN: 0 };
  const expectedRepeat = new Map<string, { hits: number; weight: number }>();
  const recalls: number[] = [];
  let ndcg = 0;
  const empty = new Set<string>();
  for (const subject of subjects) {
    const basket = subject.shopper.future;
    const next = rank(subject, empty, 10);
    recalls.push(recallAt(next, new Set(basket), 10));
    ndcg += ndcgAt(next, new Set(basket), 10);
    const drawnIndex = draws.get(subject.shopper.id);
    if (basket.length < 2) continue;
    const mine = { hits: 0, weight: 0 };
    basket.forEach((hidden, index) => {
      const cart = new Set(basket.filter((_, i) => i !== index));
      const hit = hitAt(rank(subject, cart, 3), hidden, 3);
      const repeat = subject.past.has(hidden);
      tally(expected, hit, repeat, 1 / basket.length);
      if (repeat) [mine.hits, mine.weight] = [mine.hits + hit / basket.length, mine.weight + 1 / basket.length];
      if (index === drawnIndex) tally(drawn, hit, repeat, 1);
    });
    if (mine.weight > 0) expectedRepeat.set(subject.shopper.id, mine);
  }
  const repeatHitAt3 = ratio(drawn.repeatHits, drawn.repeatN);
  const recall = mean(recalls);
  const scores: Scores = {
    hitAt3: ratio(drawn.hits, drawn.n),
    repeatHitAt3,
    repeatHitAt3Se: drawn.repeatN === 0 ? 0 : Math.sqrt((repeatHitAt3 * (1 - repeatHitAt3)) / drawn.repeatN),
    expectedHitAt3: ratio(expected.hits, expected.n),
    expectedRepeatHitAt3: ratio(expected.repeatHits, expected.repeatN),
    expectedRepeatHitAt3Se: ratioSe([...expectedRepeat.values()]),
    recallAt10: recall,
    recallAt10Se: Math.sqrt(
      recalls.reduce((sum, r) => sum + (r - recall) ** 2, 0) / Math.max(1, recalls.length - 1) / Math.max(1, recalls.length),
    ),
    ndcgAt10: ratio(ndcg, subjects.length),
    shoppers: drawn.n,
    repeatShoppers: drawn.repeatN,
    nbrShoppers: subjects.length,
  };
  return { scores, outcomes: { expectedRepeat } };
}

/**
 * Difference of expected repeat hit@3 between two methods on the same shoppers, with its standard
 * error paired by shopper: far tighter than the two rates' own errors, since both see the same carts.
 */
export function pairedDifference(a: Outcomes, b: Outcomes): { difference: number; se: number } {
  const pairs = [...a.expectedRepeat].map(([id, x]) => ({ hits: x.hits - (b.expectedRepeat.get(id)?.hits ?? 0), weight: x.weight }));
  const weight = pairs.reduce((sum, p) => sum + p.weight, 0);
  return {
    difference: ratio(
      pairs.reduce((sum, p) => sum + p.hits, 0),
      weight,
    ),
    se: ratioSe(pairs),
  };
}

/** The forgotten-item rates in expectation over the draw only (the --tune objective). */
export function expectedForgotten(rank: Ranker, subjects: readonly Subject[]): { hitAt3: number; repeatHitAt3: number } {
  const scores = evaluate(
    rank,
    subjects.filter((s) => s.shopper.future.length >= 2),
    new Map(),
  );
  return { hitAt3: scores.expectedHitAt3, repeatHitAt3: scores.expectedRepeatHitAt3 };
}

function tally(acc: { hits: number; n: number; repeatHits: number; repeatN: number }, hit: number, repeat: boolean, weight: number) {
  acc.hits += hit * weight;
  acc.n += weight;
  if (repeat) {
    acc.repeatHits += hit * weight;
    acc.repeatN += weight;
  }
}

function ratio(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}

function mean(values: readonly number[]): number {
  return ratio(
    values.reduce((sum, v) => sum + v, 0),
    values.length,
  );
}

/** Standard error of Σhits / Σweight over independent shoppers (delta method). */
function ratioSe(units: ReadonlyArray<{ hits: number; weight: number }>): number {
  const n = units.length;
  if (n < 2) return 0;
  const weight = units.reduce((sum, u) => sum + u.weight, 0);
  const r = units.reduce((sum, u) => sum + u.hits, 0) / weight;
  const residuals = units.reduce((sum, u) => sum + (u.hits - r * u.weight) ** 2, 0);
  return Math.sqrt((residuals * n) / (n - 1)) / weight;
}

/**
 * Mean microseconds per forgotten-item ranking (one cart review) over the subjects, after a warm-up
 * pass: the same carts as the evaluation, each shopper's last basket without its first item.
 */
export function microsPerReview(rank: Ranker, subjects: readonly Subject[], passes = 3): number {
  const carts = subjects.filter((s) => s.shopper.future.length >= 2).map((s) => ({ s, cart: new Set(s.shopper.future.slice(1)) }));
  for (const { s, cart } of carts) rank(s, cart, 3);
  const started = performance.now();
  for (let p = 0; p < passes; p++) for (const { s, cart } of carts) rank(s, cart, 3);
  return ((performance.now() - started) * 1000) / Math.max(1, carts.length * passes);
}
