import {
  applyOrder,
  buildProfile,
  DAY_MS,
  DEFAULT_PROFILE_CONFIG,
  decayedWeight,
  emptyProfile,
  type HabitProfile,
  type ProfileOrder,
  recencyShare,
  typicalIntervalDays,
} from './habit-profile.js';

const T0 = Date.UTC(2024, 0, 1);
const order = (day: number, ...skus: string[]): ProfileOrder => ({ purchasedAt: T0 + day * DAY_MS, skus });
const habit = (profile: HabitProfile, sku: string) => {
  const found = profile.items.get(sku);
  if (!found) throw new Error(`no habit for ${sku}`);
  return found;
};

/** Seeded Fisher–Yates so a failing shuffle can be replayed. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  const random = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** A history with staples, occasional items, same-day orders and more trips than the window. */
function history(): ProfileOrder[] {
  const orders: ProfileOrder[] = [];
  for (let week = 0; week < 40; week++) {
    const skus = ['milk', 'bread'];
    if (week % 3 === 0) skus.push('eggs');
    if (week % 5 === 1) skus.push('coffee', `snack-${week}`);
    orders.push(order(week * 7 + (week % 2), ...skus));
  }
  orders.push(order(14, 'flowers'), order(280, 'milk', 'cake'));
  return orders;
}

function expectSameProfile(actual: HabitProfile, expected: HabitProfile): void {
  const { items: actualItems, orderWeight: actualWeight, ...actualRest } = actual;
  const { items: expectedItems, orderWeight: expectedWeight, ...expectedRest } = expected;
  expect(actualRest).toEqual(expectedRest);
  expect(actualWeight).toBeCloseTo(expectedWeight, 10);
  expect([...actualItems.keys()].sort()).toEqual([...expectedItems.keys()].sort());
  for (const [sku, want] of expectedItems) {
    const got = habit(actual, sku);
    expect(withoutWeight(got)).toEqual(withoutWeight(want));
    expect(got.recencyWeight).toBeCloseTo(want.recencyWeight, 10);
  }
}

function withoutWeight(value: { recencyWeight: number }) {
  const { recencyWeight: _weight, ...rest } = value;
  return rest;
}

describe('habit profile', () => {
  it('starts empty with the default settings and rejects unusable ones', () => {
    const profile = emptyProfile();
    expect(profile.orders).toBe(0);
    expect(profile.items.size).toBe(0);
    expect(profile.config).toEqual(DEFAULT_PROFILE_CONFIG);
    expect(() => emptyProfile({ halfLifeDays: 0 })).toThrow(RangeError);
    expect(() => emptyProfile({ tripWindow: 53 })).toThrow(RangeError);
    expect(() => emptyProfile({ maxItems: 0 })).toThrow(RangeError);
  });

  it('counts distinct orders per item, ignoring duplicate lines and empty orders', () => {
    const profile = buildProfile([order(0, 'milk', 'milk', 'bread'), order(7, 'milk'), order(9)]);
    expect(profile.orders).toBe(2);
    expect(habit(profile, 'milk').timesBought).toBe(2);
    expect(habit(profile, 'bread').timesBought).toBe(1);
    expect(profile.firstOrderAt).toBe(T0);
    expect(profile.lastOrderAt).toBe(T0 + 7 * DAY_MS);
  });

  it('returns a new profile and leaves its input untouched', () => {
    const before = buildProfile([order(0, 'milk')]);
    const after = applyOrder(before, order(7, 'milk', 'tea'));
    expect(habit(before, 'milk').timesBought).toBe(1);
    expect(before.items.has('tea')).toBe(false);
    expect(habit(after, 'milk').timesBought).toBe(2);
  });

  it('keeps time at whole UTC days', () => {
    const profile = buildProfile([{ purchasedAt: new Date(T0 + 3 * DAY_MS + 17 * 3_600_000), skus: ['milk'] }]);
    expect(habit(profile, 'milk').lastBoughtAt).toBe(T0 + 3 * DAY_MS);
  });

  it('weighs each purchase by 2^(age / half-life), seen from the last purchase', () => {
    const h = DEFAULT_PROFILE_CONFIG.halfLifeDays;
    const profile = buildProfile([order(0, 'milk'), order(h, 'milk'), order(2 * h, 'milk')]);
    const milk = habit(profile, 'milk');
    expect(milk.recencyWeight).toBeCloseTo(1 + 0.5 + 0.25, 12);
    expect(decayedWeight(milk, milk.lastBoughtAt + h * DAY_MS, h)).toBeCloseTo(0.875, 12);
    expect(recencyShare(profile, milk)).toBeCloseTo(1, 12);
  });

  it('equals the epoch-anchored sum, without overflow, decades away from the epoch', () => {
    const h = 7;
    const far = Date.UTC(2090, 0, 1);
    const days = [0, 3, 10, 30];
    const profile = buildProfile(
      days.map((d) => ({ purchasedAt: far + d * DAY_MS, skus: ['milk'] })),
      { halfLifeDays: h },
    );
    const milk = habit(profile, 'milk');
    // log2 Σ 2^((t − EPOCH)/h), summed stably around the largest term.
    const exponents = days.map((d) => (far + d * DAY_MS) / DAY_MS / h);
    const top = Math.max(...exponents);
    const anchored = top + Math.log2(exponents.reduce((s, e) => s + 2 ** (e - top), 0));
    expect(Number.isFinite(2 ** top)).toBe(false);
    expect(Math.log2(milk.recencyWeight) + milk.lastBoughtAt / DAY_MS / h).toBeCloseTo(anchored, 9);
  });

  it('gives the same profile whatever the order the orders arrive in', () => {
    const orders = history();
    const rebuilt = buildProfile(orders);
    for (const seed of [1, 2, 3, 42, 2024]) {
      const incremental = shuffled(orders, seed).reduce(applyOrder, emptyProfile());
      expectSameProfile(incremental, rebuilt);
    }
  });

  it('gives the same profile incrementally as a rebuild, with settings carried in the profile', () => {
    const orders = history();
    const config = { halfLifeDays: 14, tripWindow: 5, maxItems: 300 };
    const incremental = orders.reduce(applyOrder, emptyProfile(config));
    expectSameProfile(incremental, buildProfile(orders, config));
    expect(incremental.config).toEqual(config);
  });

  it('keeps item detail only for the latest trip days, even when an old order arrives late', () => {
    const config = { tripWindow: 3 };
    const recent = [order(7, 'milk', 'eggs'), order(14, 'milk'), order(21, 'bread')];
    const late = applyOrder(buildProfile(recent, config), order(0, 'eggs'));
    const days = (d: number) => Math.floor((T0 + d * DAY_MS) / DAY_MS);
    expect(late.tripDays).toEqual([days(7), days(14), days(21)]);
    expect(habit(late, 'eggs').tripDays).toEqual([days(7)]);
    expect(habit(late, 'eggs').timesBought).toBe(2);

    const newer = applyOrder(late, order(28, 'milk'));
    expect(newer.tripDays).toEqual([days(14), days(21), days(28)]);
    expect(habit(newer, 'eggs').tripDays).toEqual([]);
    expect(habit(newer, 'milk').tripDays).toEqual([days(14), days(28)]);
  });

  it('reports the typical interval only from the second purchase on', () => {
    const profile = buildProfile([order(0, 'milk', 'tea'), order(4, 'milk'), order(10, 'milk')]);
    expect(typicalIntervalDays(habit(profile, 'tea'))).toBeUndefined();
    expect(typicalIntervalDays(habit(profile, 'milk'))).toBe(5);
  });

  it('caps the items kept, evicting the lightest by decayed weight', () => {
    const orders = [order(0, 'old'), order(7, 'staple', 'rare'), order(14, 'staple'), order(21, 'staple', 'new')];
    const profile = buildProfile(orders, { maxItems: 3 });
    expect([...profile.items.keys()].sort()).toEqual(['new', 'rare', 'staple']);
    expect(profile.orders).toBe(4);
  });
});
