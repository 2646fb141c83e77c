/**
 * The reference baselines of the Ta-Feng README, computed from the raw baskets
 * (not from the habit profile) so they stay independent of the engine.
 */
import type { Shopper } from './dataset.js';

/** A shopper's items by the number of baskets that held them; ties go to the most recent. */
export function ownTopFrequent(shopper: Shopper): string[] {
  const stats = new Map<string, { count: number; last: number }>();
  shopper.history.forEach((order, k) => {
    for (const sku of new Set(order.skus)) stats.set(sku, { count: (stats.get(sku)?.count ?? 0) + 1, last: k });
  });
  return [...stats.entries()].sort(([a, x], [b, y]) => y.count - x.count || y.last - x.last || (a < b ? -1 : 1)).map(([sku]) => sku);
}

/** Every item by the number of history baskets (all shoppers) that held it. */
export function globalTopFrequent(shoppers: readonly Shopper[]): string[] {
  const counts = new Map<string, number>();
  for (const shopper of shoppers) {
    for (const order of shopper.history) for (const sku of new Set(order.skus)) counts.set(sku, (counts.get(sku) ?? 0) + 1);
  }
  return [...counts.entries()].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1)).map(([sku]) => sku);
}

/** P-TopFreq: the shopper's own most frequent items not in the cart. */
export function pTopFreq(own: readonly string[], cart: ReadonlySet<string>, k: number): string[] {
  return firstOutsideCart(own, cart, k);
}

/** GP-TopFreq: P-TopFreq, then global best-sellers to fill the list. */
export function gpTopFreq(own: readonly string[], global: readonly string[], cart: ReadonlySet<string>, k: number): string[] {
  const out = pTopFreq(own, cart, k);
  const taken = new Set(out);
  for (const sku of global) {
    if (out.length === k) break;
    if (!cart.has(sku) && !taken.has(sku)) out.push(sku);
  }
  return out;
}

/**
 * TIFU-KNN (Hu, Ren, de Rijke, Kanoulas; SIGIR 2020): a shopper is a vector over items, the
 * decayed mean of their baskets in groups of `groupSize` (baskets decayed by `withinDecay` within
 * a group, groups by `groupDecay`); the prediction blends it with the mean of its `k` nearest
 * neighbours' vectors (Euclidean, as the authors' code): alpha·own + (1 − alpha)·neighbours.
 */
export interface TifuKnnParams {
  readonly groupSize: number;
  readonly withinDecay: number;
  readonly groupDecay: number;
  readonly k: number;
  readonly alpha: number;
}

/** The paper's settings for Ta-Feng. */
export const TIFU_KNN_TAFENG: TifuKnnParams = Object.freeze({ groupSize: 7, withinDecay: 0.9, groupDecay: 0.7, k: 300, alpha: 0.7 });

/** A sparse vector: item indices ascending, their values. */
interface SparseVector {
  readonly items: Int32Array;
  readonly values: Float64Array;
  readonly norm2: number;
}

/**
 * Fits TIFU-KNN on every shopper's history (neighbours come from the whole population, never from
 * a target basket) and returns, for the shoppers asked, their items ranked by predicted score.
 */
export function tifuKnnRankings(
  population: readonly Shopper[],
  targets: ReadonlySet<string>,
  params: TifuKnnParams = TIFU_KNN_TAFENG,
): Map<string, string[]> {
  const index = new Map<string, number>();
  const skus: string[] = [];
  const vectors = population.map((shopper) => userVector(shopper, params, index, skus));
  const postings = invertedIndex(vectors, skus.length);
  const byNorm = vectors.map((v, u) => u).sort((a, b) => vectors[a].norm2 - vectors[b].norm2);
  const out = new Map<string, string[]>();
  const scratch = { dots: new Float64Array(population.length), scores: new Float64Array(skus.length) };
  population.forEach((shopper, u) => {
    if (!targets.has(shopper.id)) return;
    const neighbours = nearest(u, vectors, postings, byNorm, scratch.dots, params.k);
    out.set(shopper.id, blend(vectors[u], neighbours, vectors, params.alpha, skus, scratch.scores));
  });
  return out;
}

function userVector(shopper: Shopper, params: TifuKnnParams, index: Map<string, number>, skus: string[]): SparseVector {
  const baskets = shopper.history.map((order) => [...new Set(order.skus)]);
  const n = baskets.length;
  const groups = Math.max(1, Math.ceil(n / params.groupSize));
  const acc = new Map<number, number>();
  let start = 0;
  for (let g = 0; g < groups; g++) {
    // Groups as even as possible, the older ones one basket larger when n is not a multiple.
    const size = Math.floor(n / groups) + (g < n % groups ? 1 : 0);
    const groupWeight = params.groupDecay ** (groups - 1 - g) / groups;
    for (let j = 0; j < size; j++) {
      const weight = (groupWeight * params.withinDecay ** (size - 1 - j)) / size;
      for (const sku of baskets[start + j]) {
        let id = index.get(sku);
        if (id === undefined) index.set(sku, (id = skus.push(sku) - 1));
        acc.set(id, (acc.get(id) ?? 0) + weight);
      }
    }
    start += size;
  }
  const items = Int32Array.from([...acc.keys()].sort((a, b) => a - b));
  const values = Float64Array.from(items, (id) => acc.get(id)!);
  return { items, values, norm2: values.reduce((sum, v) => sum + v * v, 0) };
}

function invertedIndex(vectors: readonly SparseVector[], itemCount: number): { users: Int32Array[]; values: Float64Array[] } {
  const lists: { users: number[]; values: number[] }[] = Array.from({ length: itemCount }, () => ({ users: [], values: [] }));
  vectors.forEach((v, u) => v.items.forEach((item, j) => (lists[item].users.push(u), lists[item].values.push(v.values[j]))));
  return { users: lists.map((l) => Int32Array.from(l.users)), values: lists.map((l) => Float64Array.from(l.values)) };
}

/**
 * The k shoppers closest to u (u excluded). Those sharing no item with u are at √(|u|² + |v|²):
 * the closest of them are the smallest vectors, taken in norm order.
 */
function nearest(
  u: number,
  vectors: readonly SparseVector[],
  postings: { users: Int32Array[]; values: Float64Array[] },
  byNorm: readonly number[],
  dots: Float64Array,
  k: number,
): number[] {
  const me = vectors[u];
  const touched: number[] = [];
  me.items.forEach((item, j) => {
    const users = postings.users[item];
    const values = postings.values[item];
    for (let p = 0; p < users.length; p++) {
      if (dots[users[p]] === 0) touched.push(users[p]);
      dots[users[p]] += me.values[j] * values[p];
    }
  });
  const best = new NearestK(k);
  for (const v of touched) if (v !== u) best.offer(me.norm2 + vectors[v].norm2 - 2 * dots[v], v);
  let strangers = 0;
  for (const v of byNorm) {
    if (strangers === k) break;
    if (v === u || dots[v] !== 0) continue;
    best.offer(me.norm2 + vectors[v].norm2, v);
    strangers++;
  }
  for (const v of touched) dots[v] = 0;
  return best.members();
}

/** The k smallest (distance, id) pairs offered, in a max-heap on distance (ties: the larger id out first). */
class NearestK {
  private readonly distances: number[] = [];
  private readonly ids: number[] = [];

  constructor(private readonly k: number) {}

  offer(distance: number, id: number): void {
    if (this.k === 0) return;
    if (this.ids.length < this.k) {
      this.distances.push(distance);
      this.ids.push(id);
      this.up(this.ids.length - 1);
    } else if (this.before(distance, id, 0)) {
      this.distances[0] = distance;
      this.ids[0] = id;
      this.down(0);
    }
  }

  members(): number[] {
    return [...this.ids];
  }

  /** True when (distance, id) is nearer than the entry at i. */
  private before(distance: number, id: number, i: number): boolean {
    return distance < this.distances[i] || (distance === this.distances[i] && id < this.ids[i]);
  }

  private swap(i: number, j: number): void {
    [this.distances[i], this.distances[j]] = [this.distances[j], this.distances[i]];
    [this.ids[i], this.ids[j]] = [this.ids[j], this.ids[i]];
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(this.distances[parent], this.ids[parent], i)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    for (;;) {
      let top = i;
      for (const child of [2 * i + 1, 2 * i + 2]) {
        if (child < this.ids.length && this.before(this.distances[top], this.ids[top], child)) top = child;
      }
      if (top === i) return;
      this.swap(i, top);
      i = top;
    }
  }
}

function blend(
  me: SparseVector,
  neighbours: readonly number[],
  vectors: readonly SparseVector[],
  alpha: number,
  skus: readonly string[],
  scores: Float64Array,
): string[] {
  const touched: number[] = [];
  const add = (item: number, value: number) => {
    if (scores[item] === 0) touched.push(item);
    scores[item] += value;
  };
  me.items.forEach((item, j) => add(item, alpha * me.values[j]));
  const share = neighbours.length === 0 ? 0 : (1 - alpha) / neighbours.length;
  for (const v of neighbours) vectors[v].items.forEach((item, j) => add(item, share * vectors[v].values[j]));
  const ranked = touched.sort((a, b) => scores[b] - scores[a] || a - b).map((item) => skus[item]);
  for (const item of touched) scores[item] = 0;
  return ranked;
}

/** The first k of a ranking that are not in the cart. */
export function firstOutsideCart(ranked: readonly string[], cart: ReadonlySet<string>, k: number): string[] {
  const out: string[] = [];
  for (const sku of ranked) {
    if (out.length === k) break;
    if (!cart.has(sku)) out.push(sku);
  }
  return out;
}
