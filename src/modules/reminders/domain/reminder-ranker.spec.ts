import { buildProfile, DAY_MS, type HabitProfile, type ProfileOrder } from '../../profiles/domain/habit-profile.js';
import { buildPopulationStats } from './population-stats.js';
import { DEFAULT_REMINDER_OPTIONS, rankReminders, type ReminderOptions, type ReminderRequest } from './reminder-ranker.js';

const T0 = Date.UTC(2024, 0, 1);
const at = (day: number) => T0 + day * DAY_MS;
const order = (day: number, ...skus: string[]): ProfileOrder => ({ purchasedAt: at(day), skus });

/** Weekly shopping: milk every week, bread most weeks, eggs now and then, tea once. */
function weeklyShopper(): HabitProfile {
  return buildProfile([
    order(0, 'milk', 'bread', 'eggs'),
    order(7, 'milk', 'bread'),
    order(14, 'milk', 'bread', 'tea'),
    order(21, 'milk', 'eggs'),
    order(28, 'milk', 'bread'),
  ]);
}

function request(overrides: Partial<ReminderRequest> = {}): ReminderRequest {
  return { profile: weeklyShopper(), cartSkus: [], now: at(35), ...overrides };
}

const skus = (req: ReminderRequest, options = {}) => rankReminders(req, options).map((r) => r.sku);

describe('rankReminders', () => {
  it('ranks habitual items by repeat evidence, at most `limit`', () => {
    expect(skus(request())).toEqual(['milk', 'bread', 'eggs']);
    expect(skus(request(), { limit: 2 })).toEqual(['milk', 'bread']);
    expect(skus(request(), { limit: 10 })).toEqual(['milk', 'bread', 'eggs', 'tea']);
    expect(DEFAULT_REMINDER_OPTIONS.limit).toBe(3);
  });

  it('never suggests an item already in the cart', () => {
    expect(skus(request({ cartSkus: ['milk', 'apples'] }))).toEqual(['bread', 'eggs', 'tea']);
  });

  it('skips a dismissed item during its quiet period only', () => {
    expect(skus(request({ dismissed: new Map([['milk', at(36)]]) }))).not.toContain('milk');
    expect(skus(request({ dismissed: new Map([['milk', at(35)]]) }))).toContain('milk');
  });

  it('skips inactive and excluded items, and names the rest from the catalogue', () => {
    const items = new Map([
      ['milk', { name: 'Whole milk 1 l', active: true }],
      ['bread', { active: false }],
    ]);
    const reminders = rankReminders(request({ items, exclude: new Set(['eggs']) }));
    expect(reminders.map((r) => r.sku)).toEqual(['milk', 'tea']);
    expect(reminders[0].name).toBe('Whole milk 1 l');
    expect(reminders[1]).not.toHaveProperty('name');
  });

  it('explains each reminder with the purchase history', () => {
    const [milk] = rankReminders(request());
    expect(milk.reason).toEqual({ timesBought: 5, lastBoughtAt: '2024-01-29T00:00:00.000Z', typicalIntervalDays: 7 });
    const tea = rankReminders(request(), { limit: 10 }).find((r) => r.sku === 'tea');
    expect(tea?.reason).toEqual({ timesBought: 1, lastBoughtAt: '2024-01-15T00:00:00.000Z' });
    expect(milk.score).toBeGreaterThan(tea!.score);
  });

  it('prefers the more recent of two items bought as often', () => {
    const profile = buildProfile([order(0, 'old'), order(7, 'old'), order(70, 'new'), order(77, 'new')]);
    expect(skus(request({ profile, now: at(84) }), { frequencyWeight: 1, cartAffinityWeight: 0, dueWeight: 0 })).toEqual(['new', 'old']);
  });

  it('raises items the shopper usually buys with what is in the cart', () => {
    // pasta and rice are equally frequent and recent; pasta goes with tomatoes.
    const profile = buildProfile([order(0, 'pasta', 'tomatoes'), order(7, 'rice'), order(14, 'pasta', 'tomatoes'), order(21, 'rice')]);
    const ranked = (cartSkus: string[]) =>
      skus(request({ profile, cartSkus, now: at(28) }), { limit: 1, dueWeight: 0, cartAffinityWeight: 0.5 });
    expect(ranked([])).toEqual(['rice']);
    expect(ranked(['tomatoes'])).toEqual(['pasta']);
  });

  it('raises an item that is due by its own cycle over one bought days ago', () => {
    // Both bought 3 times over the same span of days; coffee every 10 days, due now.
    const profile = buildProfile([
      order(0, 'coffee'),
      order(10, 'coffee', 'soap'),
      order(20, 'coffee'),
      order(28, 'soap'),
      order(29, 'soap'),
    ]);
    const options = { frequencyWeight: 0, recencyWeight: 0, cartAffinityWeight: 0, dueWeight: 1 };
    expect(skus(request({ profile, now: at(30) }), options)).toEqual(['coffee', 'soap']);
  });

  it('drops items bought fewer than minTimesBought times or scoring below minScore', () => {
    expect(skus(request(), { limit: 10, minTimesBought: 2 })).toEqual(['milk', 'bread', 'eggs']);
    const scores = rankReminders(request(), { limit: 10 }).map((r) => r.score);
    expect(skus(request(), { limit: 10, minScore: scores[1] })).toEqual(['milk', 'bread']);
  });

  it('returns nothing for a shopper without orders or a limit of zero', () => {
    expect(rankReminders(request({ profile: buildProfile([]) }))).toEqual([]);
    expect(rankReminders(request(), { limit: 0 })).toEqual([]);
  });

  it('ranks a 300-item profile against a 20-item cart: at most the limit, none in the cart', () => {
    // Its speed is measured by `npm run bench:carts`, not asserted here.
    const orders = Array.from({ length: 50 }, (_, week) =>
      order(week * 7, ...Array.from({ length: 20 }, (_, i) => `sku-${(week * 7 + i * 13) % 300}`)),
    );
    const profile = buildProfile(orders);
    const cartSkus = Array.from({ length: 20 }, (_, i) => `sku-${i * 11}`);
    expect(profile.items.size).toBe(300);
    const reminders = rankReminders({ profile, cartSkus, now: at(350) });
    expect(reminders).toHaveLength(3);
    for (const r of reminders) expect(cartSkus).not.toContain(r.sku);
    expect(reminders.map((r) => r.score)).toEqual([...reminders.map((r) => r.score)].sort((a, b) => b - a));
  });
});

describe('rankReminders with population stats', () => {
  const SHOPPER_ALONE: Partial<ReminderOptions> = { coBoughtWeight: 0, repeatShareWeight: 0, populationCyclePrior: 0, dueWeight: 0 };
  // Tea and honey each bought once (a tie, honey first by sku). The population buys tea with
  // lemons and comes back for it; honey it buys once.
  const profile = buildProfile([order(0, 'tea', 'honey'), order(7, 'milk'), order(14, 'milk')]);
  const population = buildPopulationStats(
    [[order(0, 'tea', 'lemons'), order(7, 'tea', 'lemons')], [order(0, 'tea')], [order(0, 'honey')], [order(3, 'honey')]],
    { maxNeighbours: 5, minCoBaskets: 2, repeatPrior: 0 },
  );
  const ask = (cartSkus: string[], options: Partial<ReminderOptions>) =>
    rankReminders({ profile, cartSkus, now: at(21), population }, { ...SHOPPER_ALONE, limit: 2, ...options }).map((r) => r.sku);

  it('puts forward what the population buys with the cart', () => {
    expect(ask(['lemons'], {})).toEqual(['milk', 'honey']);
    expect(ask(['lemons'], { coBoughtWeight: 5 })).toEqual(['tea', 'milk']);
  });

  it('puts forward items the population comes back for', () => {
    expect(ask(['milk'], { limit: 1 })).toEqual(['honey']);
    expect(ask(['milk'], { repeatShareWeight: 0.5, limit: 1 })).toEqual(['tea']);
  });

  it('ranks on the shopper alone without population stats', () => {
    const alone = rankReminders({ profile, cartSkus: ['lemons'], now: at(21) }, { coBoughtWeight: 1, repeatShareWeight: 1, limit: 2 });
    expect(alone.map((r) => r.sku)).toEqual(['milk', 'honey']);
  });
});
