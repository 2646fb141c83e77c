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
  /** hitAt3 in expectation over the draw (every item hidden in turn). */
  readonly expectedHitAt3: number;
  /** repeatHitAt3 in expectation over the draw. */
  readonly expectedRepeatHitAt3: number;
  readonly recallAt10: number;
  readonly ndcgAt10: number;
  /** Shoppers in the forgotten-item task (last basket of two items or more). */
  readonly shoppers: number;
  /** Of those, shoppers whose hidden item was bought before. */
  readonly repeatShoppers: number;
  /** Shoppers in the next-basket task. */
  readonly nbrShoppers: number;
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
  const drawn = { hits: 0, n: 0, repeatHits: 0, repeatN: 0 };
  const expected = { hits: 0, n: 0, repeatHits: 0, repeatN: 0 };
  let recall = 0,
    ndcg = 0;
  const empty = new Set<string>();
  for (const subject of subjects) {
    const basket = subject.shopper.future;
    const next = rank(subject, empty, 10);
    recall += recallAt(next, new Set(basket), 10);
    ndcg += ndcgAt(next, new Set(basket), 10);
    const drawnIndex = draws.get(subject.shopper.id);
    if (basket.length < 2) continue;
    basket.forEach((hidden, index) => {
      const cart = new Set(basket.filter((_, i) => i !== index));
      const hit = hitAt(rank(subject, cart, 3), hidden, 3);
      const repeat = subject.past.has(hidden);
      tally(expected, hit, repeat, 1 / basket.length);
      if (index === drawnIndex) tally(drawn, hit, repeat, 1);
    });
  }
  return {
    hitAt3: ratio(drawn.hits, drawn.n),
    repeatHitAt3: ratio(drawn.repeatHits, drawn.repeatN),
    expectedHitAt3: ratio(expected.hits, expected.n),
    expectedRepeatHitAt3: ratio(expected.repeatHits, expected.repeatN),
    recallAt10: ratio(recall, subjects.length),
    ndcgAt10: ratio(ndcg, subjects.length),
    shoppers: drawn.n,
    repeatShoppers: drawn.repeatN,
    nbrShoppers: subjects.length,
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
