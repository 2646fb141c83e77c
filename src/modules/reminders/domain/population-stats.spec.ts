import { DAY_MS, type ProfileOrder } from '../../profiles/domain/habit-profile.js';
import { decodePopulation, encodePopulation, PopulationDecodeError } from './population-codec.js';
import { buildPopulationStats, coBoughtWithCart, type PopulationStats, populationIndexes } from './population-stats.js';

const T0 = Date.UTC(2024, 0, 1);
const order = (day: number, ...skus: string[]): ProfileOrder => ({ purchasedAt: T0 + day * DAY_MS, skus });
const at = (stats: PopulationStats, sku: string) => stats.index.get(sku)!;
const neighboursOf = (stats: PopulationStats, sku: string) => {
  const i = at(stats, sku);
  const out: Record<string, number> = {};
  for (let k = stats.neighbourStart[i]; k < stats.neighbourStart[i + 1]; k++)
    out[stats.skus[stats.neighbours[k]]] = stats.neighbourWeights[k];
  return out;
};

/** Milk every week for two shoppers (7 and 14 days), pasta with its sauce, a grill once. */
function population(): PopulationStats {
  return buildPopulationStats(
    [
      [order(0, 'milk', 'pasta', 'sauce'), order(7, 'milk'), order(14, 'milk', 'pasta', 'sauce')],
      [order(0, 'milk', 'grill'), order(14, 'milk', 'pasta', 'sauce')],
      [order(3, 'pasta', 'sauce', 'grill')],
    ],
    { maxNeighbours: 2, minCoBaskets: 2, repeatPrior: 0 },
  );
}

describe('population stats', () => {
  it('counts buyers and the share who come back, on another day', () => {
    const stats = population();
    expect(stats.buyers[at(stats, 'milk')]).toBe(2);
    expect(stats.repeatShare[at(stats, 'milk')]).toBe(1);
    expect(stats.repeatShare[at(stats, 'pasta')]).toBeCloseTo(1 / 3, 6);
    expect(stats.repeatShare[at(stats, 'grill')]).toBe(0);
  });

  it('shrinks the repeat share of rarely bought items towards the catalogue', () => {
    const shrunk = buildPopulationStats([[order(0, 'a'), order(7, 'a'), order(7, 'b')], [order(0, 'b')]], {
      maxNeighbours: 2,
      minCoBaskets: 2,
      repeatPrior: 2,
    });
    // Overall: 1 repeater of 3 buyer-items; 'a': (1 + 2/3) / (1 + 2), 'b': (0 + 2/3) / (2 + 2).
    expect(shrunk.repeatShare[at(shrunk, 'a')]).toBeCloseTo(5 / 9, 6);
    expect(shrunk.repeatShare[at(shrunk, 'b')]).toBeCloseTo(1 / 6, 6);
  });

  it('takes the median over repeat buyers of their mean days between purchases', () => {
    const stats = population();
    expect(stats.cycleDays[at(stats, 'milk')]).toBe(10.5);
    expect(stats.cycleDays[at(stats, 'pasta')]).toBe(14);
    expect(Number.isNaN(stats.cycleDays[at(stats, 'grill')])).toBe(true);
  });

  it('keeps the top co-bought items per item by cosine, above the minimum of shared baskets', () => {
    const stats = population();
    // pasta and sauce share all 4 of their baskets; milk and pasta 3 (milk in 5, pasta in 4).
    expect(neighboursOf(stats, 'pasta')).toEqual({ sauce: 1, milk: expect.closeTo(3 / Math.sqrt(20), 6) as number });
    // grill shares one basket with each: below minCoBaskets.
    expect(neighboursOf(stats, 'grill')).toEqual({});
  });

  it('scores items by their co-purchase with the whole cart', () => {
    const stats = population();
    const co = coBoughtWithCart(stats, ['pasta', 'unknown']);
    expect(co.scores[at(stats, 'sauce')]).toBe(1);
    expect(co.scores[at(stats, 'pasta')]).toBe(0);
    co.release();
    const both = coBoughtWithCart(stats, ['pasta', 'sauce']);
    expect(both.scores[at(stats, 'milk')]).toBeCloseTo(6 / Math.sqrt(20), 6);
    both.release();
    expect([...both.scores].every((score) => score === 0)).toBe(true);
    expect([...populationIndexes(stats, ['sauce', 'unknown'])]).toEqual([at(stats, 'sauce'), -1]);
  });

  it('round-trips through its binary form', () => {
    const stats = population();
    const decoded = decodePopulation(encodePopulation(stats));
    expect(decoded.skus).toEqual(stats.skus);
    expect(decoded.cycleDays).toEqual(stats.cycleDays);
    expect(decoded.neighbourWeights).toEqual(stats.neighbourWeights);
    expect(neighboursOf(decoded, 'pasta')).toEqual(neighboursOf(stats, 'pasta'));
    // From a Buffer at an odd offset, as a Redis reply may be.
    const shifted = Buffer.concat([Buffer.from([0]), encodePopulation(stats)]).subarray(1);
    expect(decodePopulation(shifted).skus).toEqual(stats.skus);
  });

  it('refuses truncated or inconsistent bytes', () => {
    const bytes = encodePopulation(population());
    expect(() => decodePopulation(bytes.subarray(0, bytes.length - 1))).toThrow(PopulationDecodeError);
    expect(() => decodePopulation(Buffer.alloc(3))).toThrow(PopulationDecodeError);
    expect(decodePopulation(encodePopulation(buildPopulationStats([]))).skus).toEqual([]);
  });
});
