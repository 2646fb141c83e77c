/**
 * The repeat-purchase evidence a reminder is ranked on, each read from the
 * habit profile alone so the live path needs no other lookup.
 */
import { DAY_MS, type HabitProfile, type ItemHabit, typicalIntervalDays } from '../../profiles/domain/habit-profile.js';

/**
 * How much each of the shopper's recent trips looks like the live cart: for each
 * trip day, the number of cart items bought on that day raised to `power`, so
 * trips that share several items with the cart count for more than a chance
 * overlap of one. Computed once per cart; the per-item affinity is then a sum over
 * the item's own trip days, linear in the profile's size.
 */
export interface CartContext {
  readonly tripSimilarity: ReadonlyMap<number, number>;
  /** Sum of all trip similarities; 0 when no cart item is in the profile's trip window. */
  readonly total: number;
}

/** Builds the cart context for {@link cartAffinity}. */
export function cartContext(profile: HabitProfile, cartSkus: Iterable<string>, power: number): CartContext {
  const overlap = new Map<number, number>();
  for (const sku of cartSkus) {
    const habit = profile.items.get(sku);
    if (!habit) continue;
    for (const day of habit.tripDays) overlap.set(day, (overlap.get(day) ?? 0) + 1);
  }
  let total = 0;
  for (const [day, count] of overlap) {
    const similarity = Math.pow(count, power);
    overlap.set(day, similarity);
    total += similarity;
  }
  return { tripSimilarity: overlap, total };
}

/**
 * Share of the shopper's cart-like trips that included the item, in [0, 1]:
 * "what I usually buy together with what is in my cart", from the shopper's own
 * history. `prior` pseudo-trips of zero affinity shrink it when the evidence is thin.
 */
export function cartAffinity(habit: ItemHabit, context: CartContext, prior: number): number {
  if (context.total === 0) return 0;
  let sum = 0;
  for (const day of habit.tripDays) sum += context.tripSimilarity.get(day) ?? 0;
  return sum / (context.total + prior);
}

/**
 * Whether the item is due by the shopper's own cycle for it: the share of its
 * typical interval that has elapsed since the last purchase, in [0, 1]. It stays
 * at 1 once overdue, since an overdue staple is still wanted (an abandoned one
 * fades through its recency weight instead). Items bought once have no cycle and
 * get `unknown`. Linear on purpose: no transcendental call on the live path.
 */
export function dueScore(habit: ItemHabit, now: number, unknown: number): number {
  const interval = typicalIntervalDays(habit);
  if (interval === undefined) return unknown;
  const elapsed = (now - habit.lastBoughtAt) / DAY_MS / (interval > 1 ? interval : 1);
  return elapsed >= 1 ? 1 : elapsed > 0 ? elapsed : 0;
}
