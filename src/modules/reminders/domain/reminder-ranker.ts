/**
 * Ranks the items a shopper habitually buys that are missing from the live cart.
 * Pure and allocation-light: one pass over the profile, well under a millisecond
 * for a profile of a few hundred items.
 */
import { type HabitProfile, type ItemHabit, recencyShareReader, typicalIntervalDays } from '../../profiles/domain/habit-profile.js';
import { cartAffinity, type CartContext, cartContext, dueScore } from './reminder-signals.js';

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
  readonly profile: HabitProfile;
  readonly cartSkus: Iterable<string>;
  /** sku → epoch ms until which the shopper asked not to be reminded of it. */
  readonly dismissed?: ReadonlyMap<string, number>;
  readonly now: Date | number;
  /** Catalogue lookup (a Map will do); skus it does not know count as active. */
  readonly items?: ItemMetaLookup;
  /** Further skus never to return (for instance, already pushed for this cart). */
  readonly exclude?: ReadonlySet<string>;
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
 * + recencyWeight·recencyShare + cartAffinityWeight·cartAffinity + dueWeight·due.
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
  /** Due value for items bought once (no cycle yet). */
  readonly dueUnknown: number;
  /** Items bought fewer times are never suggested. */
  readonly minTimesBought: number;
  /** Reminders scoring below this are dropped (trade reach for precision). */
  readonly minScore: number;
}

/** Defaults chosen on the Ta-Feng tune split (see bench/eval-reminders.ts). */
export const DEFAULT_REMINDER_OPTIONS: ReminderOptions = Object.freeze({
  limit: 3,
  frequencyWeight: 1,
  recencyWeight: 2,
  cartAffinityWeight: 0.5,
  affinityPower: 1,
  affinityPrior: 0.5,
  dueWeight: 0.1,
  dueUnknown: 0.5,
  minTimesBought: 1,
  minScore: 0,
});

/**
 * Returns at most `limit` reminders, best first. Ties go to the more recent
 * purchase, then to the smaller sku, so the output is stable.
 */
export function rankReminders(request: ReminderRequest, options: Partial<ReminderOptions> = {}): Reminder[] {
  const opts = { ...DEFAULT_REMINDER_OPTIONS, ...options };
  const { profile } = request;
  if (opts.limit <= 0 || profile.orders === 0) return [];
  const now = typeof request.now === 'number' ? request.now : request.now.getTime();
  const cart = new Set(request.cartSkus);
  const signals: Signals = {
    context: cartContext(profile, cart, opts.affinityPower),
    recency: recencyShareReader(profile),
    now,
  };
  const best: Scored[] = [];
  for (const habit of profile.items.values()) {
    if (!isEligible(habit, cart, request, now, opts)) continue;
    const score = scoreOf(habit, profile, signals, opts);
    if (score >= opts.minScore) keepTop(best, { habit, score }, opts.limit);
  }
  return best.map(({ habit, score }) => toReminder(habit, score, request.items?.get(habit.sku)?.name));
}

type Scored = { readonly habit: ItemHabit; readonly score: number };

/** Per-request state shared by every item's score. */
interface Signals {
  readonly context: CartContext;
  readonly recency: (habit: ItemHabit) => number;
  readonly now: number;
}

function scoreOf(habit: ItemHabit, profile: HabitProfile, signals: Signals, opts: ReminderOptions): number {
  let score = opts.frequencyWeight * (habit.timesBought / profile.orders);
  // Signals with a zero weight are skipped: the live path pays only for what counts.
  if (opts.recencyWeight !== 0) score += opts.recencyWeight * signals.recency(habit);
  if (opts.cartAffinityWeight !== 0) score += opts.cartAffinityWeight * cartAffinity(habit, signals.context, opts.affinityPrior);
  if (opts.dueWeight !== 0) score += opts.dueWeight * dueScore(habit, signals.now, opts.dueUnknown);
  return score;
}

function isEligible(habit: ItemHabit, cart: ReadonlySet<string>, request: ReminderRequest, now: number, opts: ReminderOptions): boolean {
  if (habit.timesBought < opts.minTimesBought || cart.has(habit.sku)) return false;
  if (request.exclude?.has(habit.sku)) return false;
  if (request.items?.get(habit.sku)?.active === false) return false;
  const quietUntil = request.dismissed?.get(habit.sku);
  return quietUntil === undefined || quietUntil <= now;
}

/** Insertion into a short sorted list: cheaper than sorting the profile for a top 3. */
function keepTop(best: Scored[], entry: Scored, limit: number): void {
  let i = best.length;
  while (i > 0 && ranksBefore(entry, best[i - 1])) i--;
  if (i >= limit) return;
  best.splice(i, 0, entry);
  if (best.length > limit) best.pop();
}

function ranksBefore(a: Scored, b: Scored): boolean {
  if (a.score !== b.score) return a.score > b.score;
  if (a.habit.lastBoughtAt !== b.habit.lastBoughtAt) return a.habit.lastBoughtAt > b.habit.lastBoughtAt;
  return a.habit.sku < b.habit.sku;
}

function toReminder(habit: ItemHabit, score: number, name: string | undefined): Reminder {
  const interval = typicalIntervalDays(habit);
  const reason: ReminderReason = {
    timesBought: habit.timesBought,
    lastBoughtAt: new Date(habit.lastBoughtAt).toISOString(),
    ...(interval === undefined ? {} : { typicalIntervalDays: Math.round(interval * 10) / 10 }),
  };
  return { sku: habit.sku, ...(name === undefined ? {} : { name }), score, reason };
}
