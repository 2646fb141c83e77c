// Per-shopper habit profile: what the live cart path needs to judge a cart,
// maintained incrementally from orders. Pure TypeScript, no I/O.
//
// Time is kept at whole-UTC-day granularity: a grocery cycle is measured in
// days, and it lets the codec store every timestamp losslessly in a byte or two.

/** Milliseconds in a day. */
export const DAY_MS = 86_400_000;

/** Largest trip window the codec's bit mask can hold exactly (53-bit integers). */
export const MAX_TRIP_WINDOW = 52;

/** Settings baked into a profile; changing one needs a rebuild from the orders. */
export interface ProfileConfig {
  /** Half-life, in days, of the recency weight. */
  readonly halfLifeDays: number;
  /**
   * How many of the most recent shopping days (trips) keep item-level detail,
   * used for the shopper's own co-occurrence ("what I buy together with this").
   * At most {@link MAX_TRIP_WINDOW}.
   */
  readonly tripWindow: number;
  /**
   * Most items kept. Beyond it the lightest items (decayed weight at the last
   * order) are evicted, so a profile stays bounded in memory and in Redis.
   * An evicted item that comes back restarts from one purchase.
   */
  readonly maxItems: number;
}

/** Defaults chosen on the Ta-Feng tune split (see bench/eval-reminders.ts). */
export const DEFAULT_PROFILE_CONFIG: ProfileConfig = Object.freeze({
  halfLifeDays: 365,
  tripWindow: 24,
  maxItems: 300,
});

/** What the shopper's history says about one item. */
export interface ItemHabit {
  readonly sku: string;
  /** Distinct orders that contained the item. */
  readonly timesBought: number;
  /** Epoch ms, start of the UTC day of the first purchase. */
  readonly firstBoughtAt: number;
  /** Epoch ms, start of the UTC day of the latest purchase. */
  readonly lastBoughtAt: number;
  /**
   * Recency-weighted purchase count, Σ 2^((t − lastBoughtAt) / halfLife) over the
   * orders that contained it, so within [1, timesBought]. This is the epoch-anchored
   * sum Σ 2^((t − EPOCH) / halfLife) rebased to lastBoughtAt: it never overflows,
   * and adding a purchase commutes, whatever the arrival order.
   * Use {@link decayedWeight} to read it at another instant.
   */
  readonly recencyWeight: number;
  /** The profile's {@link HabitProfile.tripDays} on which the item was bought, ascending. */
  readonly tripDays: readonly number[];
}

/** A shopper's habits, built by {@link applyOrder} / {@link buildProfile}. */
export interface HabitProfile {
  readonly config: ProfileConfig;
  /** Orders applied (orders with no sku are ignored). */
  readonly orders: number;
  /** Epoch ms (start of UTC day) of the first order; 0 while `orders` is 0. */
  readonly firstOrderAt: number;
  /** Epoch ms (start of UTC day) of the latest order; 0 while `orders` is 0. */
  readonly lastOrderAt: number;
  /** Recency-weighted order count, rebased to lastOrderAt like {@link ItemHabit.recencyWeight}. */
  readonly orderWeight: number;
  /** The latest `tripWindow` distinct order days (days since the Unix epoch), ascending. */
  readonly tripDays: readonly number[];
  readonly items: ReadonlyMap<string, ItemHabit>;
}

/** One order as the profile sees it. Duplicate skus count once. */
export interface ProfileOrder {
  readonly purchasedAt: Date | number;
  readonly skus: readonly string[];
}

/** An empty profile with the given (or default) settings. */
export function emptyProfile(config: Partial<ProfileConfig> = {}): HabitProfile {
  const full = { ...DEFAULT_PROFILE_CONFIG, ...config };
  assertConfig(full);
  return {
    config: Object.freeze(full),
    orders: 0,
    firstOrderAt: 0,
    lastOrderAt: 0,
    orderWeight: 0,
    tripDays: [],
    items: new Map(),
  };
}

/**
 * Returns the profile with one more order applied; the input is not modified.
 * Orders may arrive in any order: the result equals (within float rounding) the
 * rebuild from all orders, as long as no item had to be evicted by `maxItems`.
 * Applying the same order twice counts it twice: callers key on the order id.
 */
export function applyOrder(profile: HabitProfile, order: ProfileOrder): HabitProfile {
  const skus = [...new Set(order.skus)];
  if (skus.length === 0) return profile;
  const day = toDay(order.purchasedAt);
  const at = day * DAY_MS;
  const { config } = profile;
  const items = new Map(profile.items);
  const trip = admitTrip(profile.tripDays, day, config.tripWindow);
  if (trip.dropped !== undefined) forgetTripDay(items, trip.dropped);
  for (const sku of skus) {
    items.set(sku, addPurchase(items.get(sku), sku, at, trip.kept ? day : undefined, config.halfLifeDays));
  }
  const first = profile.orders === 0;
  const recency = addRebased(profile.orderWeight, profile.lastOrderAt, at, config.halfLifeDays, first);
  const next: HabitProfile = {
    config,
    orders: profile.orders + 1,
    firstOrderAt: first ? at : Math.min(profile.firstOrderAt, at),
    lastOrderAt: recency.anchor,
    orderWeight: recency.weight,
    tripDays: trip.days,
    items,
  };
  return capItems(next);
}

/** Rebuilds a profile from a shopper's orders (applied oldest first). */
export function buildProfile(orders: Iterable<ProfileOrder>, config: Partial<ProfileConfig> = {}): HabitProfile {
  const sorted = [...orders].sort((a, b) => toDay(a.purchasedAt) - toDay(b.purchasedAt));
  return sorted.reduce(applyOrder, emptyProfile(config));
}

/** Mean days between purchases of the item; undefined before its second purchase. */
export function typicalIntervalDays(habit: ItemHabit): number | undefined {
  if (habit.timesBought < 2) return undefined;
  return (habit.lastBoughtAt - habit.firstBoughtAt) / DAY_MS / (habit.timesBought - 1);
}

/** The item's recency-weighted count as seen at `at` (epoch ms). */
export function decayedWeight(habit: ItemHabit, at: number, halfLifeDays: number): number {
  return habit.recencyWeight * Math.pow(2, (habit.lastBoughtAt - at) / DAY_MS / halfLifeDays);
}

/**
 * Recency-weighted share of the shopper's orders that contained the item, in (0, 1].
 * The same at any instant, since item and orders decay alike.
 */
export function recencyShare(profile: HabitProfile, habit: ItemHabit): number {
  if (profile.orderWeight === 0) return 0;
  return decayedWeight(habit, profile.lastOrderAt, profile.config.halfLifeDays) / profile.orderWeight;
}

/**
 * {@link recencyShare} for many items of one profile: the decay factor depends only
 * on the day of last purchase, so it is computed once per distinct day. Saves a
 * `2 **` per item on the live path, where transcendental calls dominate the cost.
 */
export function recencyShareReader(profile: HabitProfile): (habit: ItemHabit) => number {
  const factors = new Map<number, number>();
  const { halfLifeDays } = profile.config;
  return (habit) => {
    let factor = factors.get(habit.lastBoughtAt);
    if (factor === undefined) {
      factor =
        profile.orderWeight === 0 ? 0 : 2 ** ((habit.lastBoughtAt - profile.lastOrderAt) / DAY_MS / halfLifeDays) / profile.orderWeight;
      factors.set(habit.lastBoughtAt, factor);
    }
    return habit.recencyWeight * factor;
  };
}

/** Whole UTC days since the Unix epoch. */
export function toDay(at: Date | number): number {
  const ms = typeof at === 'number' ? at : at.getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`invalid purchase time: ${String(at)}`);
  return Math.floor(ms / DAY_MS);
}

function assertConfig(config: ProfileConfig): void {
  const { halfLifeDays, tripWindow, maxItems } = config;
  if (!(halfLifeDays > 0)) throw new RangeError('halfLifeDays must be positive');
  if (!Number.isInteger(tripWindow) || tripWindow < 0 || tripWindow > MAX_TRIP_WINDOW) {
    throw new RangeError(`tripWindow must be an integer in [0, ${MAX_TRIP_WINDOW}]`);
  }
  if (!Number.isInteger(maxItems) || maxItems < 1) throw new RangeError('maxItems must be a positive integer');
}

/**
 * Adds one event at `at` to a weight rebased to `anchor` (the latest event so far).
 * Moving the anchor forward scales the old sum down; an older event is scaled down
 * instead, so both paths compute the same Σ 2^((t − latest) / halfLife).
 */
function addRebased(weight: number, anchor: number, at: number, halfLifeDays: number, first: boolean) {
  if (first) return { weight: 1, anchor: at };
  const halfLives = (at - anchor) / DAY_MS / halfLifeDays;
  if (halfLives >= 0) return { weight: weight * Math.pow(2, -halfLives) + 1, anchor: at };
  return { weight: weight + Math.pow(2, halfLives), anchor };
}

function addPurchase(habit: ItemHabit | undefined, sku: string, at: number, tripDay: number | undefined, halfLifeDays: number): ItemHabit {
  const recency = addRebased(habit?.recencyWeight ?? 0, habit?.lastBoughtAt ?? at, at, halfLifeDays, !habit);
  const days = habit?.tripDays ?? [];
  return {
    sku,
    timesBought: (habit?.timesBought ?? 0) + 1,
    firstBoughtAt: habit ? Math.min(habit.firstBoughtAt, at) : at,
    lastBoughtAt: recency.anchor,
    recencyWeight: recency.weight,
    tripDays: tripDay === undefined || days.includes(tripDay) ? days : insertSorted(days, tripDay),
  };
}

/**
 * Admits an order day into the trip window (the latest `size` distinct days).
 * A day that falls out never comes back, which keeps the window order-independent.
 */
function admitTrip(days: readonly number[], day: number, size: number) {
  if (days.includes(day)) return { days, kept: true, dropped: undefined };
  if (days.length < size) return { days: insertSorted(days, day), kept: true, dropped: undefined };
  if (size === 0 || day < days[0]) return { days, kept: false, dropped: undefined };
  const [dropped, ...rest] = days;
  return { days: insertSorted(rest, day), kept: true, dropped };
}

function forgetTripDay(items: Map<string, ItemHabit>, day: number): void {
  for (const [sku, habit] of items) {
    if (habit.tripDays.length > 0 && habit.tripDays[0] === day) {
      items.set(sku, { ...habit, tripDays: habit.tripDays.slice(1) });
    }
  }
}

function insertSorted(days: readonly number[], day: number): number[] {
  const out = [...days, day];
  for (let i = out.length - 1; i > 0 && out[i - 1] > out[i]; i--) [out[i - 1], out[i]] = [out[i], out[i - 1]];
  return out;
}

/** Evicts the lightest items beyond maxItems (ties: fewer purchases, then sku). */
function capItems(profile: HabitProfile): HabitProfile {
  const { maxItems } = profile.config;
  if (profile.items.size <= maxItems) return profile;
  const kept = [...profile.items.values()]
    .map((habit) => ({ habit, weight: recencyShare(profile, habit) }))
    .sort((a, b) => b.weight - a.weight || b.habit.timesBought - a.habit.timesBought || cmp(a.habit.sku, b.habit.sku))
    .slice(0, maxItems);
  return { ...profile, items: new Map(kept.map(({ habit }) => [habit.sku, habit])) };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
