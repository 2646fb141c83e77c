/**
 * The repeat-purchase evidence a reminder is ranked on, each read from the
 * packed habit profile alone so the live path needs no other lookup.
 */
import { DAY_MS } from '../../profiles/domain/habit-profile.js';
import { F, indexOfSku, type ScoringProfile, STRIDE } from './scoring-profile.js';

/**
 * How much each of the shopper's recent trips looks like the live cart: for each
 * trip, the number of cart items bought on it raised to `power`, so trips that
 * share several items with the cart count for more than a chance overlap of one.
 * Computed once per cart; the per-item affinity is then a sum over the item's own
 * trips, linear in the profile's size.
 */
export interface CartContext {
  /** Similarity per trip position of the profile. */
  readonly tripSimilarity: Float64Array;
  /** Sum of all trip similarities; 0 when no cart item is in the profile's trip window. */
  readonly total: number;
}

/** Builds the cart context for {@link cartAffinity}. Pass distinct skus. */
export function cartContext(profile: ScoringProfile, cartSkus: Iterable<string>, power: number): CartContext {
  const { figures, trips } = profile;
  const similarity = new Float64Array(profile.tripCount);
  for (const sku of cartSkus) {
    const i = indexOfSku(profile, sku);
    if (i < 0) continue;
    for (let t = figures[i * STRIDE + F.tripStart], end = figures[i * STRIDE + F.tripEnd]; t < end; t++) similarity[trips[t]] += 1;
  }
  // Overlaps are counts: with an integer power every sum below is exact, whatever its order.
  let total = 0;
  for (let p = 0; p < similarity.length; p++) {
    if (similarity[p] === 0) continue;
    similarity[p] = Math.pow(similarity[p], power);
    total += similarity[p];
  }
  return { tripSimilarity: similarity, total };
}

/**
 * Share of the shopper's cart-like trips that included item `i`, in [0, 1]:
 * "what I usually buy together with what is in my cart", from the shopper's own
 * history. `prior` pseudo-trips of zero affinity shrink it when the evidence is thin.
 */
export function cartAffinity(profile: ScoringProfile, i: number, context: CartContext, prior: number): number {
  if (context.total === 0) return 0;
  const { figures, trips } = profile;
  let sum = 0;
  for (let t = figures[i * STRIDE + F.tripStart], end = figures[i * STRIDE + F.tripEnd]; t < end; t++)
    sum += context.tripSimilarity[trips[t]];
  return sum / (context.total + prior);
}

/**
 * Whether item `i` is due by its cycle: the share of the typical interval that has elapsed since
 * the last purchase, in [0, 1]. It stays at 1 once overdue, since an overdue staple is still
 * wanted (an abandoned one fades through its recency weight instead). The cycle is the shopper's
 * own, pulled towards the population's (`populationCycle`, NaN when unknown) by `prior`
 * pseudo-intervals, so that an item bought once or twice still has a cycle; with neither, the
 * item gets `unknown`. Linear on purpose: no transcendental call on the live path.
 */
export function dueScore(profile: ScoringProfile, i: number, now: number, unknown: number, populationCycle = NaN, prior = 0): number {
  const at = i * STRIDE;
  const interval = blendedCycle(profile.figures[at + F.intervalDays], profile.figures[at + F.timesBought] - 1, populationCycle, prior);
  if (Number.isNaN(interval)) return unknown;
  const elapsed = (now - profile.figures[at + F.lastBoughtAt]) / DAY_MS / (interval > 1 ? interval : 1);
  return elapsed >= 1 ? 1 : elapsed > 0 ? elapsed : 0;
}

/** The own mean interval over `intervals` gaps, and the population's as `prior` more gaps. */
export function blendedCycle(own: number, intervals: number, population: number, prior: number): number {
  if (Number.isNaN(population) || prior <= 0) return own;
  if (Number.isNaN(own) || intervals <= 0) return population;
  return (own * intervals + population * prior) / (intervals + prior);
}
