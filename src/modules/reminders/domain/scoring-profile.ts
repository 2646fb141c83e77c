/**
 * A habit profile in the form the ranker reads: what a connected device keeps in memory between
 * cart events. Items sorted by sku, their figures packed in one Float64Array, their trips in one
 * Uint8Array; everything that does not depend on the cart or the instant (frequency and recency
 * shares, typical interval, trip positions) computed once here rather than on every event. A
 * fraction of the decoded HabitProfile's memory (a Map of item objects with their day arrays), and
 * no per-item object for the garbage collector to trace.
 */
import { type HabitProfile, type ItemHabit, DAY_MS, typicalIntervalDays } from '../../profiles/domain/habit-profile.js';
import type { PopulationStats } from './population-stats.js';

/** Numbers per item in {@link ScoringProfile.figures}. */
export const STRIDE = 7;
/** Offsets within an item's figures. */
export const F = Object.freeze({
  timesBought: 0,
  /** Epoch ms, start of the UTC day of the latest purchase. */
  lastBoughtAt: 1,
  /** timesBought / orders. */
  frequencyShare: 2,
  /** Recency-weighted share of the orders (see recencyShare in habit-profile.ts). */
  recencyShare: 3,
  /** Mean days between purchases; NaN before the second purchase. */
  intervalDays: 4,
  /** The item's trip positions are trips[tripStart, tripEnd). */
  tripStart: 5,
  tripEnd: 6,
});

export interface ScoringProfile {
  readonly orders: number;
  /** Trip days in the profile's window (its latest distinct order days). */
  readonly tripCount: number;
  /** Item skus, ascending (code unit order), so that a cart sku is found by binary search. */
  readonly skus: readonly string[];
  /** STRIDE numbers per item, in the order of `skus`. */
  readonly figures: Float64Array;
  /** Positions (0 = oldest) of the trip days on which each item was bought, ascending per item. */
  readonly trips: Uint8Array;
  /** The items' indexes in the population stats last ranked with (set by the ranker; stats are replaced, never changed). */
  population?: { readonly stats: PopulationStats; readonly indexes: Int32Array };
}

/** Returns one canonical copy of a sku string (skus repeat across shoppers): optional. */
export type Intern = (sku: string) => string;

/** Packs a profile. `intern` lets many sessions share one copy of each sku string. */
export function toScoringProfile(profile: HabitProfile, intern: Intern = (sku) => sku): ScoringProfile {
  const habits = [...profile.items.values()].sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
  const position = new Map(profile.tripDays.map((day, i) => [day, i]));
  const figures = new Float64Array(habits.length * STRIDE);
  const trips = new Uint8Array(habits.reduce((n, h) => n + h.tripDays.length, 0));
  const recency = recencyFactor(profile);
  let t = 0;
  habits.forEach((habit, i) => {
    const at = i * STRIDE;
    figures[at + F.timesBought] = habit.timesBought;
    figures[at + F.lastBoughtAt] = habit.lastBoughtAt;
    figures[at + F.frequencyShare] = habit.timesBought / profile.orders;
    figures[at + F.recencyShare] = habit.recencyWeight * recency(habit);
    figures[at + F.intervalDays] = typicalIntervalDays(habit) ?? NaN;
    figures[at + F.tripStart] = t;
    for (const day of habit.tripDays) {
      const p = position.get(day);
      if (p !== undefined) trips[t++] = p;
    }
    figures[at + F.tripEnd] = t;
  });
  const skus = habits.map((h) => intern(h.sku));
  return { orders: profile.orders, tripCount: profile.tripDays.length, skus, figures, trips, population: undefined };
}

/** Index of `sku` in the profile, or -1. */
export function indexOfSku(profile: ScoringProfile, sku: string): number {
  const { skus } = profile;
  let lo = 0;
  let hi = skus.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const s = skus[mid];
    if (s === sku) return mid;
    if (s < sku) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * Bytes the packed profile holds beyond its object headers (the figures, the trips, the sku
 * references), for the memory figures.
 */
export function scoringProfileBytes(profile: ScoringProfile): number {
  return profile.figures.byteLength + profile.trips.byteLength + profile.skus.length * 8;
}

/**
 * The factor that turns an item's recency weight into its share of the orders' weight: the
 * same arithmetic, in the same order, as recencyShareReader (habit-profile.ts), so that the
 * shares are bit for bit those recencyShareReader gives.
 */
function recencyFactor(profile: HabitProfile): (habit: ItemHabit) => number {
  const { halfLifeDays } = profile.config;
  return (habit) =>
    profile.orderWeight === 0 ? 0 : 2 ** ((habit.lastBoughtAt - profile.lastOrderAt) / DAY_MS / halfLifeDays) / profile.orderWeight;
}
