/**
 * A seeded synthetic grocery world with real dates, for measuring the reminder engine where
 * dates carry signal (Ta-Feng's do not). Pure: the same options give the same purchases.
 *
 * Items have a popularity (Zipf) and a natural repurchase cycle in days by aisle (fresh, dairy,
 * pantry, household); some come in pairs that are bought together (pasta and its sauce). Each
 * shopper has a trip cadence with a favourite weekday, and a repertoire of staples, each with the
 * shopper's own cycle around the item's; a staple is picked up with a probability that rises as
 * it comes due, its partner often with it, plus a few items tried once. Every shopper's last order
 * is the one the evaluation predicts.
 */
import { DAY_MS } from '../../src/modules/profiles/domain/habit-profile.js';
import { mulberry32 } from './prng.js';

export interface DatedWorldOptions {
  readonly seed: number;
  readonly shoppers: number;
  readonly items: number;
  /** Days of history before `endAt`. */
  readonly days: number;
  /** Epoch ms: nothing is bought after it. */
  readonly endAt: number;
}

export const DEFAULT_DATED_WORLD: DatedWorldOptions = Object.freeze({
  seed: 7,
  shoppers: 4000,
  items: 3000,
  days: 180,
  endAt: Date.UTC(2026, 10, 1),
});

/** One purchase line, in the CSV import's column order. */
export interface DatedPurchase {
  readonly customerId: string;
  readonly orderId: string;
  readonly purchasedAt: string;
  readonly skus: readonly string[];
}

/** Aisles: share of the catalogue, and the range of their natural cycle in days. */
const AISLES = [
  { share: 0.3, cycle: [4, 9] },
  { share: 0.25, cycle: [7, 16] },
  { share: 0.3, cycle: [14, 35] },
  { share: 0.15, cycle: [30, 75] },
] as const;

interface Item {
  readonly sku: string;
  readonly cycle: number;
  readonly partner: number | undefined;
}

interface Staple {
  readonly item: number;
  readonly cycle: number;
  /** Chance to be picked up once due. */
  readonly loyalty: number;
  last: number;
}

/** Every shopper's orders, oldest first, shopper by shopper. */
export function* datedWorld(options: DatedWorldOptions = DEFAULT_DATED_WORLD): Generator<DatedPurchase> {
  const random = mulberry32(options.seed);
  const items = catalogue(options.items, random);
  const popularity = zipfSampler(options.items, 1.05, random);
  for (let s = 0; s < options.shoppers; s++) yield* shopperOrders(s, options, items, popularity, random);
}

function catalogue(count: number, random: () => number): Item[] {
  const items: Item[] = [];
  for (let i = 0; i < count; i++) {
    let pick = random();
    const aisle = AISLES.find((a) => (pick -= a.share) < 0) ?? AISLES[0];
    const cycle = aisle.cycle[0] + random() * (aisle.cycle[1] - aisle.cycle[0]);
    // One item in five has a partner bought alongside it (a neighbour in popularity).
    const partner = random() < 0.2 ? Math.min(count - 1, i + 1 + Math.floor(random() * 20)) : undefined;
    items.push({ sku: `dw-${1000 + i}`, cycle, partner });
  }
  return items;
}

function* shopperOrders(
  s: number,
  options: DatedWorldOptions,
  items: readonly Item[],
  popularity: () => number,
  random: () => number,
): Generator<DatedPurchase> {
  const gap = 4 + 30 * random() ** 2;
  const weekday = Math.floor(random() * 7);
  const weekdayBias = random();
  const pace = Math.exp((random() - 0.5) * 0.8);
  const staples = repertoire(2 + Math.floor(random() ** 2 * 24), items, popularity, pace, random);
  const start = options.endAt - options.days * DAY_MS;
  let day = Math.floor(start / DAY_MS) + Math.floor(random() * gap);
  let n = 0;
  const lastDay = Math.floor(options.endAt / DAY_MS) - 1;
  while (day <= lastDay) {
    const skus = basket(day, staples, items, popularity, random);
    if (skus.length > 0) {
      const at = day * DAY_MS + (8 + random() * 12) * 3_600_000;
      yield { customerId: `dw-shopper-${s}`, orderId: `dw-${s}-${++n}`, purchasedAt: new Date(Math.floor(at)).toISOString(), skus };
    }
    day += nextGap(day, gap, weekday, weekdayBias, random);
  }
}

function repertoire(size: number, items: readonly Item[], popularity: () => number, pace: number, random: () => number): Staple[] {
  const chosen = new Map<number, Staple>();
  while (chosen.size < size) {
    const item = popularity();
    if (chosen.has(item)) continue;
    const cycle = items[item].cycle * pace * Math.exp((random() - 0.5) * 0.6);
    chosen.set(item, { item, cycle, loyalty: 0.3 + 0.6 * random(), last: -Infinity });
  }
  return [...chosen.values()];
}

function basket(day: number, staples: Staple[], items: readonly Item[], popularity: () => number, random: () => number): string[] {
  const bought = new Set<number>();
  for (const staple of staples) {
    const elapsed = staple.last === -Infinity ? staple.cycle * random() * 2 : day - staple.last;
    // The chance rises as the staple comes due, and stays once it is overdue.
    const due = Math.min(1, Math.max(0, (elapsed / staple.cycle - 0.6) / 0.6));
    if (random() < staple.loyalty * due) bought.add(staple.item);
  }
  for (const item of [...bought]) {
    const partner = items[item].partner;
    if (partner !== undefined && random() < 0.6) bought.add(partner);
  }
  const tries = 1 + Math.floor(random() * 6);
  for (let t = 0; t < tries; t++) bought.add(popularity());
  for (const staple of staples) if (bought.has(staple.item)) staple.last = day;
  return [...bought].map((item) => items[item].sku);
}

/** Days to the next trip: around the shopper's cadence, drawn towards their favourite weekday. */
function nextGap(day: number, gap: number, weekday: number, bias: number, random: () => number): number {
  let next = Math.max(1, Math.round(gap * (0.5 + random())));
  if (random() < bias) {
    const shift = (weekday - ((day + next + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday (4)
    next += shift > 3 ? shift - 7 : shift;
  }
  return Math.max(1, next);
}

/** Draws item indices 0..n-1 with probability ∝ 1 / (rank + 1)^exponent. */
function zipfSampler(n: number, exponent: number, random: () => number): () => number {
  const cumulative = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) cumulative[i] = total += 1 / (i + 1) ** exponent;
  return () => {
    const target = random() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid] < target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}
