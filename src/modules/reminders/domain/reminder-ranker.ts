/**
 * Ranks the items a shopper habitually buys that are missing from the live cart.
 * Pure and allocation-light: one pass over the packed profile (scoring-profile.ts),
 * well under a millisecond for a profile of a few hundred items.
 */
import type { HabitProfile } from '../../profiles/domain/habit-profile.js';
import { type CoBought, coBoughtWithCart, type PopulationStats, populationIndexes } from './population-stats.js';
import { cartAffinity, type CartContext, cartContext, dueScore } from './reminder-signals.js';
import { F, type ScoringProfile, STRIDE, toScoringProfile } from './scoring-profile.js';

/** Catalogue facts the ranker may use; an item without metadata counts as active. */
export interface ReminderItemMeta {
  readonly name?: string;
  readonly active?: boolean;
}

/** Anything that finds an item's metadata by sku, such as a Map or an instance's product cache. */
export interface ItemMetaLookup {
  get(sku: string): ReminderItemMeta | undefined;
}

/** Everything the ranker judges one cart on. */
export interface ReminderRequest {
  /** Packed once per profile (the live path keeps it packed); a HabitProfile is packed on first use. */
  readonly profile: ScoringProfile | HabitProfile;
  readonly cartSkus: Iterable<string>;
  /** sku → epoch ms until which the shopper asked not to be reminded of it. */
  readonly dismissed?: ReadonlyMap<string, number>;
  readonly now: Date | number;
  /** Catalogue lookup (a Map will do); skus it does not know count as active. */
  readonly items?: ItemMetaLookup;
  /** Further skus never to return (for instance, already pushed for this cart). */
  readonly exclude?: ReadonlySet<string>;
  /** What the whole population says about items (population-stats.ts); without it, the shopper's own history alone. */
  readonly population?: PopulationStats;
}

/** Why an item is suggested, in terms a shopper understands. */
export interface ReminderReason {
  readonly timesBought: number;
  /** ISO 8601. */
  readonly lastBoughtAt: string;
  readonly typicalIntervalDays?: number;
}

/** One suggested item. Scores compare within one request only. */
export interface Reminder {
  readonly sku: string;
  readonly name?: string;
  readonly score: number;
  readonly reason: ReminderReason;
}

/**
 * Hyper-parameters. score = frequencyWeight·(timesBought/orders)
 * + recencyWeight·recencyShare + cartAffinityWeight·cartAffinity + dueWeight·due
 * + coBoughtWeight·coBought + repeatShareWeight·repeatShare, the last two from the population.
 */
export interface ReminderOptions {
  /** Most reminders returned. */
  readonly limit: number;
  /** Weight of the plain share of orders that contained the item. */
  readonly frequencyWeight: number;
  /** Weight of the recency-weighted share (the profile's half-life). */
  readonly recencyWeight: number;
  /** Weight of the co-occurrence with the cart in the shopper's own trips. */
  readonly cartAffinityWeight: number;
  /** Exponent on a trip's overlap with the cart (1: count; 2: favour close matches). */
  readonly affinityPower: number;
  /** Pseudo-trips that shrink the affinity when few trips overlap the cart. */
  readonly affinityPrior: number;
  /** Weight of the "due by the shopper's own cycle" signal. */
  readonly dueWeight: number;
  /** Due value for items without a cycle (bought once, and no population cycle). */
  readonly dueUnknown: number;
  /** Weight of the population's co-purchase with the cart (sum of cosines over the cart's items). */
  readonly coBoughtWeight: number;
  /** Weight of the population's share of the item's buyers who buy it again. */
  readonly repeatShareWeight: number;
  /** Pseudo-intervals of the population's cycle in an item's cycle (0: the shopper's own only). */
  readonly populationCyclePrior: number;
  /** Items bought fewer times are never suggested. */
  readonly minTimesBought: number;
  /** Reminders scoring below this are dropped (trade reach for precision). */
  readonly minScore: number;
}

/** Defaults chosen on the Ta-Feng tune split (see bench/eval-reminders.ts). */
export const DEFAULT_REMINDER_OPTIONS: ReminderOptions = Object.freeze({
  limit: 3,
  frequencyWeight: 2,
  recencyWeight: 2,
  cartAffinityWeight: 0,
  affinityPower: 1,
  affinityPrior: 0.5,
  dueWeight: 0.5,
  dueUnknown: 0.5,
  coBoughtWeight: 0.5,
  repeatShareWeight: 0.25,
  populationCyclePrior: 0,
  minTimesBought: 1,
  minScore: 0,
});

/**
 * Returns at most `limit` reminders, best first. Ties go to the more recent
 * purchase, then to the smaller sku, so the output is stable.
 */
export function rankReminders(request: ReminderRequest, options: Partial<ReminderOptions> = {}): Reminder[] {
  const opts = options === NO_OPTIONS ? DEFAULT_REMINDER_OPTIONS : { ...DEFAULT_REMINDER_OPTIONS, ...options };
  const profile = packed(request.profile);
  if (opts.limit <= 0 || profile.orders === 0) return [];
  const now = typeof request.now === 'number' ? request.now : request.now.getTime();
  const cart = new Set(request.cartSkus);
  const context = opts.cartAffinityWeight !== 0 ? cartContext(profile, cart, opts.affinityPower) : NO_CONTEXT;
  const population = request.population ? populationContext(request.population, profile, cart, opts) : undefined;
  const best: Scored[] = [];
  const n = profile.skus.length;
  try {
    for (let i = 0; i < n; i++) {
      if (!isEligible(profile, i, cart, request, now, opts)) continue;
      const score = scoreOf(profile, i, context, population, now, opts);
      if (score >= opts.minScore) keepTop(best, profile, i, score, opts.limit);
    }
  } finally {
    population?.coBought?.release();
  }
  return best.map(({ i, score }) => toReminder(profile, i, score, request.items?.get(profile.skus[i])?.name));
}

const NO_OPTIONS: Partial<ReminderOptions> = Object.freeze({});
const NO_CONTEXT: CartContext = Object.freeze({ tripSimilarity: new Float64Array(0), total: 0 });

/** Packs a HabitProfile once (callers such as the evaluation rank the same profile many times). */
const packedProfiles = new WeakMap<HabitProfile, ScoringProfile>();

function packed(profile: ScoringProfile | HabitProfile): ScoringProfile {
  if ('figures' in profile) return profile;
  let out = packedProfiles.get(profile);
  if (!out) packedProfiles.set(profile, (out = toScoringProfile(profile)));
  return out;
}

type Scored = { readonly i: number; readonly score: number };

/** The population's view of one cart: its stats, the profile's items in them, what the cart's items are bought with. */
interface PopulationContext {
  readonly stats: PopulationStats;
  readonly indexes: Int32Array;
  /** Undefined when its weight is 0. */
  readonly coBought: CoBought | undefined;
}

function populationContext(
  stats: PopulationStats,
  profile: ScoringProfile,
  cart: ReadonlySet<string>,
  opts: ReminderOptions,
): PopulationContext {
  if (profile.population?.stats !== stats) profile.population = { stats, indexes: populationIndexes(stats, profile.skus) };
  return { stats, indexes: profile.population.indexes, coBought: opts.coBoughtWeight !== 0 ? coBoughtWithCart(stats, cart) : undefined };
}

function scoreOf(
  profile: ScoringProfile,
  i: number,
  context: CartContext,
  population: PopulationContext | undefined,
  now: number,
  opts: ReminderOptions,
): number {
  const at = i * STRIDE;
  let score = opts.frequencyWeight * profile.figures[at + F.frequencyShare];
  // Signals with a zero weight are skipped: the live path pays only for what counts.
  if (opts.recencyWeight !== 0) score += opts.recencyWeight * profile.figures[at + F.recencyShare];
  if (opts.cartAffinityWeight !== 0) score += opts.cartAffinityWeight * cartAffinity(profile, i, context, opts.affinityPrior);
  let populationCycle = NaN;
  const p = population ? population.indexes[i] : -1;
  if (p >= 0) {
    const { stats, coBought } = population!;
    if (coBought) score += opts.coBoughtWeight * coBought.scores[p];
    if (opts.repeatShareWeight !== 0) score += opts.repeatShareWeight * stats.repeatShare[p];
    populationCycle = stats.cycleDays[p];
  }
  if (opts.dueWeight !== 0)
    score += opts.dueWeight * dueScore(profile, i, now, opts.dueUnknown, populationCycle, opts.populationCyclePrior);
  return score;
}

function isEligible(
  profile: ScoringProfile,
  i: number,
  cart: ReadonlySet<string>,
  request: ReminderRequest,
  now: number,
  opts: ReminderOptions,
): boolean {
  const sku = profile.skus[i];
  if (profile.figures[i * STRIDE + F.timesBought] < opts.minTimesBought || cart.has(sku)) return false;
  if (request.exclude?.has(sku)) return false;
  if (request.items?.get(sku)?.active === false) return false;
  const quietUntil = request.dismissed?.get(sku);
  return quietUntil === undefined || quietUntil <= now;
}

/** Insertion into a short sorted list: cheaper than sorting the profile for a top 3. */
function keepTop(best: Scored[], profile: ScoringProfile, i: number, score: number, limit: number): void {
  let at = best.length;
  while (at > 0 && ranksBefore(profile, i, score, best[at - 1])) at--;
  if (at >= limit) return;
  best.splice(at, 0, { i, score });
  if (best.length > limit) best.pop();
}

function ranksBefore(profile: ScoringProfile, i: number, score: number, other: Scored): boolean {
  if (score !== other.score) return score > other.score;
  const last = profile.figures[i * STRIDE + F.lastBoughtAt];
  const otherLast = profile.figures[other.i * STRIDE + F.lastBoughtAt];
  if (last !== otherLast) return last > otherLast;
  return profile.skus[i] < profile.skus[other.i];
}

function toReminder(profile: ScoringProfile, i: number, score: number, name: string | undefined): Reminder {
  const at = i * STRIDE;
  const interval = profile.figures[at + F.intervalDays];
  const reason: ReminderReason = {
    timesBought: profile.figures[at + F.timesBought],
    lastBoughtAt: isoDay(profile.figures[at + F.lastBoughtAt]),
    ...(Number.isNaN(interval) ? {} : { typicalIntervalDays: Math.round(interval * 10) / 10 }),
  };
  const sku = profile.skus[i];
  return name === undefined ? { sku, score, reason } : { sku, name, score, reason };
}

/** ISO strings of purchase days (start of a UTC day): few distinct ones, each formatted once. */
const isoDays = new Map<number, string>();

function isoDay(at: number): string {
  let iso = isoDays.get(at);
  if (iso === undefined) {
    iso = new Date(at).toISOString();
    if (isoDays.size < 100_000) isoDays.set(at, iso);
  }
  return iso;
}
