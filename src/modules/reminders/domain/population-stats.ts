/**
 * What the whole population says about each item, for the shoppers whose own history is too thin:
 * how often its buyers come back for it, the typical days between two purchases by one shopper,
 * and the few items most bought together with it. Built in bulk, offline, from everyone's orders
 * (never on the cart path), and held in memory as typed arrays: a handful of bytes per item plus
 * `maxNeighbours` pairs, whatever the number of shoppers.
 */
import { DAY_MS, type ProfileOrder } from '../../profiles/domain/habit-profile.js';

export interface PopulationStats {
  /** Item skus; an item's index is its position here. */
  readonly skus: readonly string[];
  readonly index: ReadonlyMap<string, number>;
  /** Distinct shoppers who bought the item. */
  readonly buyers: Uint32Array;
  /** Share of its buyers who bought it again on another day, shrunk towards the catalogue's share. */
  readonly repeatShare: Float32Array;
  /** Median over its repeat buyers of their mean days between purchases; NaN when none. */
  readonly cycleDays: Float32Array;
  /** The neighbours of item i are neighbours[neighbourStart[i], neighbourStart[i + 1]). */
  readonly neighbourStart: Uint32Array;
  readonly neighbours: Uint32Array;
  /** Cosine of the two items' basket sets: co-baskets / √(baskets(i) · baskets(j)). */
  readonly neighbourWeights: Float32Array;
}

export interface PopulationConfig {
  /** Neighbours kept per item (the co-bought top-N). */
  readonly maxNeighbours: number;
  /** Baskets two items must share before they count as bought together. */
  readonly minCoBaskets: number;
  /** Pseudo-buyers that pull an item's repeat share towards the catalogue's. */
  readonly repeatPrior: number;
}

export const DEFAULT_POPULATION_CONFIG: PopulationConfig = Object.freeze({ maxNeighbours: 20, minCoBaskets: 2, repeatPrior: 5 });

/**
 * Accumulates shoppers one at a time (each shopper's orders together), then builds the stats.
 * Memory grows with items and item pairs, not with shoppers.
 */
export class PopulationStatsBuilder {
  private readonly index = new Map<string, number>();
  private readonly skus: string[] = [];
  private readonly buyers: number[] = [];
  private readonly repeaters: number[] = [];
  private readonly baskets: number[] = [];
  private readonly intervals: number[][] = [];
  private readonly pairs = new Map<number, number>();

  constructor(private readonly config: PopulationConfig = DEFAULT_POPULATION_CONFIG) {}

  addShopper(orders: Iterable<ProfileOrder>): void {
    const days = new Map<number, Set<number>>();
    for (const order of orders) {
      const day = Math.floor(toMs(order.purchasedAt) / DAY_MS);
      const items = [...new Set(order.skus)].map((sku) => this.id(sku)).sort((a, b) => a - b);
      for (const item of items) {
        this.baskets[item]++;
        let seen = days.get(item);
        if (!seen) days.set(item, (seen = new Set()));
        seen.add(day);
      }
      for (let a = 0; a < items.length; a++) {
        // Pairs keyed a·2^26 + b: exact in a double for up to 67 million items.
        for (let b = a + 1; b < items.length; b++)
          this.pairs.set(items[a] * 2 ** 26 + items[b], (this.pairs.get(items[a] * 2 ** 26 + items[b]) ?? 0) + 1);
      }
    }
    for (const [item, seen] of days) {
      this.buyers[item]++;
      if (seen.size < 2) continue;
      this.repeaters[item]++;
      const sorted = [...seen].sort((a, b) => a - b);
      this.intervals[item].push((sorted[sorted.length - 1] - sorted[0]) / (sorted.length - 1));
    }
  }

  build(): PopulationStats {
    const n = this.skus.length;
    const totalBuyers = this.buyers.reduce((sum, b) => sum + b, 0);
    const overall = totalBuyers === 0 ? 0 : this.repeaters.reduce((sum, r) => sum + r, 0) / totalBuyers;
    const prior = this.config.repeatPrior;
    const repeatShare = Float32Array.from(this.skus, (_, i) => (this.repeaters[i] + prior * overall) / (this.buyers[i] + prior));
    const cycleDays = Float32Array.from(this.skus, (_, i) => median(this.intervals[i]));
    const { start, neighbours, weights } = this.topNeighbours(n);
    return {
      skus: [...this.skus],
      index: new Map(this.index),
      buyers: Uint32Array.from(this.buyers),
      repeatShare,
      cycleDays,
      neighbourStart: start,
      neighbours,
      neighbourWeights: weights,
    };
  }

  private id(sku: string): number {
    let id = this.index.get(sku);
    if (id === undefined) {
      id = this.skus.push(sku) - 1;
      this.index.set(sku, id);
      this.buyers.push(0);
      this.repeaters.push(0);
      this.baskets.push(0);
      this.intervals.push([]);
    }
    return id;
  }

  private topNeighbours(n: number): { start: Uint32Array; neighbours: Uint32Array; weights: Float32Array } {
    const lists: Array<Array<[number, number]>> = Array.from({ length: n }, () => []);
    for (const [key, count] of this.pairs) {
      if (count < this.config.minCoBaskets) continue;
      const a = Math.floor(key / 2 ** 26);
      const b = key - a * 2 ** 26;
      const cosine = count / Math.sqrt(this.baskets[a] * this.baskets[b]);
      lists[a].push([b, cosine]);
      lists[b].push([a, cosine]);
    }
    const start = new Uint32Array(n + 1);
    const kept = lists.map((list) => list.sort((x, y) => y[1] - x[1] || x[0] - y[0]).slice(0, this.config.maxNeighbours));
    kept.forEach((list, i) => (start[i + 1] = start[i] + list.length));
    const neighbours = new Uint32Array(start[n]);
    const weights = new Float32Array(start[n]);
    kept.forEach((list, i) => list.forEach(([j, w], k) => ((neighbours[start[i] + k] = j), (weights[start[i] + k] = w))));
    return { start, neighbours, weights };
  }
}

/** Builds the stats from every shopper's orders. */
export function buildPopulationStats(shoppers: Iterable<Iterable<ProfileOrder>>, config?: PopulationConfig): PopulationStats {
  const builder = new PopulationStatsBuilder(config);
  for (const orders of shoppers) builder.addShopper(orders);
  return builder.build();
}

/**
 * How strongly each item is bought together with the cart: the sum over the cart's items of their
 * cosine with it, by item index. Computed once per cart from the cart items' neighbour lists, into
 * a scratch array of the stats (no allocation per cart); call `release` once done with it.
 */
export interface CoBought {
  readonly scores: Float64Array;
  release(): void;
}

const scratchOf = new WeakMap<PopulationStats, { scores: Float64Array; touched: number[] }>();

export function coBoughtWithCart(stats: PopulationStats, cartSkus: Iterable<string>): CoBought {
  let scratch = scratchOf.get(stats);
  if (!scratch) scratchOf.set(stats, (scratch = { scores: new Float64Array(stats.skus.length), touched: [] }));
  const { scores, touched } = scratch;
  for (const sku of cartSkus) {
    const i = stats.index.get(sku);
    if (i === undefined) continue;
    for (let k = stats.neighbourStart[i], end = stats.neighbourStart[i + 1]; k < end; k++) {
      const other = stats.neighbours[k];
      if (scores[other] === 0) touched.push(other);
      scores[other] += stats.neighbourWeights[k];
    }
  }
  return {
    scores,
    release: () => {
      for (const j of touched) scores[j] = 0;
      touched.length = 0;
    },
  };
}

/** The population index of each of `skus` (-1 when unknown), so that scoring never looks a sku up. */
export function populationIndexes(stats: PopulationStats, skus: readonly string[]): Int32Array {
  return Int32Array.from(skus, (sku) => stats.index.get(sku) ?? -1);
}

/** Bytes the stats hold in typed arrays and sku references (the sku strings and the index aside). */
export function populationStatsBytes(stats: PopulationStats): number {
  const arrays = [stats.buyers, stats.repeatShare, stats.cycleDays, stats.neighbourStart, stats.neighbours, stats.neighbourWeights];
  return arrays.reduce((sum, a) => sum + a.byteLength, 0) + stats.skus.length * 8;
}

function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function toMs(at: Date | number): number {
  return typeof at === 'number' ? at : at.getTime();
}
