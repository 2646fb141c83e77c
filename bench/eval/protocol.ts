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

/** Scores one method on the given draws. */
export function evaluate(rank: Ranker, subjects: readonly Subject[], draws: ReadonlyMap<string, number>): Scores {
  let hits = 0, shoppers = 0, repeatHits = 0, repeatShoppers = 0, recall = 0, ndcg = 0;
  const empty = new Set<string>();
  for (const subject of subjects) {
    const target = new Set(subject.shopper.future);
    const next = rank(subject, empty, 10);
    recall += recallAt(next, target, 10);
    ndcg += ndcgAt(next, target, 10);
    const index = draws.get(subject.shopper.id);
    if (index === undefined) continue;
    const hidden = subject.shopper.future[index];
    const cart = new Set(subject.shopper.future.filter((_, i) => i !== index));
    const hit = hitAt(rank(subject, cart, 3), hidden, 3);
    hits += hit;
    shoppers++;
    if (subject.past.has(hidden)) {
      repeatHits += hit;
      repeatShoppers++;
    }
  }
  const n = subjects.length;
  return {
    hitAt3: ratio(hits, shoppers),
    repeatHitAt3: ratio(repeatHits, repeatShoppers),
    recallAt10: ratio(recall, n),
    ndcgAt10: ratio(ndcg, n),
    shoppers,
    repeatShoppers,
    nbrShoppers: n,
  };
}

/**
 * The forgotten-item rates in expectation over the draw: every item of the last
 * basket hidden in turn, each weighted 1/|basket|. Used for tuning because it is
 * far less noisy than one draw.
 */
export function expectedForgotten(rank: Ranker, subjects: readonly Subject[]): { hitAt3: number; repeatHitAt3: number } {
  let hits = 0, weight = 0, repeatHits = 0, repeatWeight = 0;
  for (const subject of subjects) {
    const basket = subject.shopper.future;
    if (basket.length < 2) continue;
    for (const hidden of basket) {
      const cart = new Set(basket.filter((sku) => sku !== hidden));
      const hit = hitAt(rank(subject, cart, 3), hidden, 3) / basket.length;
      hits += hit;
      weight += 1 / basket.length;
      if (subject.past.has(hidden)) {
        repeatHits += hit;
        repeatWeight += 1 / basket.length;
      }
    }
  }
  return { hitAt3: ratio(hits, weight), repeatHitAt3: ratio(repeatHits, repeatWeight) };
}

function ratio(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}
