import { buildProfile, DAY_MS, type ProfileOrder, recencyShare, typicalIntervalDays } from '../../profiles/domain/habit-profile.js';
import { F, indexOfSku, STRIDE, toScoringProfile } from './scoring-profile.js';

const T0 = Date.UTC(2024, 0, 1);
const order = (day: number, ...skus: string[]): ProfileOrder => ({ purchasedAt: T0 + day * DAY_MS, skus });

/** A deterministic shopper: 40 trips over a year, 60 possible skus (some numeric, some not ASCII). */
function randomOrders(seed: number): ProfileOrder[] {
  let x = seed;
  const next = () => (x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const skus = Array.from({ length: 60 }, (_, i) => (i % 3 === 0 ? String(1000 + i) : i % 3 === 1 ? `sku-${i}` : `café-${i}`));
  return Array.from({ length: 40 }, (_, o) => order(Math.floor(o * 9 + next() * 5), ...skus.filter(() => next() < 0.15)));
}

describe('toScoringProfile', () => {
  it.each([1, 2, 3])('keeps every figure the ranker reads, bit for bit (seed %i)', (seed) => {
    const profile = buildProfile(randomOrders(seed));
    const packed = toScoringProfile(profile);
    expect(packed.orders).toBe(profile.orders);
    expect(packed.tripCount).toBe(profile.tripDays.length);
    expect([...packed.skus]).toEqual([...profile.items.keys()].sort());
    for (const habit of profile.items.values()) {
      const i = indexOfSku(packed, habit.sku);
      const f = (offset: number) => packed.figures[i * STRIDE + offset];
      expect(packed.skus[i]).toBe(habit.sku);
      expect(f(F.timesBought)).toBe(habit.timesBought);
      expect(f(F.lastBoughtAt)).toBe(habit.lastBoughtAt);
      expect(f(F.frequencyShare)).toBe(habit.timesBought / profile.orders);
      expect(f(F.recencyShare)).toBeCloseTo(recencyShare(profile, habit), 14);
      expect(f(F.intervalDays)).toBe(typicalIntervalDays(habit) ?? NaN);
      const trips = [...packed.trips.subarray(f(F.tripStart), f(F.tripEnd))].map((p) => profile.tripDays[p]);
      expect(trips).toEqual(habit.tripDays);
    }
  });

  it('finds nothing for skus the shopper never bought', () => {
    const packed = toScoringProfile(buildProfile([order(0, 'b', 'd')]));
    expect(['a', 'c', 'e', ''].map((sku) => indexOfSku(packed, sku))).toEqual([-1, -1, -1, -1]);
    expect(indexOfSku(toScoringProfile(buildProfile([])), 'a')).toBe(-1);
  });

  it('shares sku strings through the interner', () => {
    const seen: string[] = [];
    toScoringProfile(buildProfile([order(0, 'x', 'y')]), (sku) => (seen.push(sku), sku));
    expect(seen.sort()).toEqual(['x', 'y']);
  });
});
