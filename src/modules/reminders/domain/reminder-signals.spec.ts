import { buildProfile, DAY_MS, type ProfileOrder } from '../../profiles/domain/habit-profile.js';
import { cartAffinity, cartContext, dueScore } from './reminder-signals.js';
import { indexOfSku, type ScoringProfile, toScoringProfile } from './scoring-profile.js';

const T0 = Date.UTC(2024, 0, 1);
const at = (day: number) => T0 + day * DAY_MS;
const order = (day: number, ...skus: string[]): ProfileOrder => ({ purchasedAt: at(day), skus });
const item = (profile: ScoringProfile, sku: string) => indexOfSku(profile, sku);

describe('cart affinity', () => {
  // Trips: d0 {pasta, tomatoes, basil}, d7 {pasta, tomatoes}, d14 {rice, basil}, d21 {rice}.
  const profile = toScoringProfile(
    buildProfile([order(0, 'pasta', 'tomatoes', 'basil'), order(7, 'pasta', 'tomatoes'), order(14, 'rice', 'basil'), order(21, 'rice')]),
  );

  it('is the share of cart-like trips that held the item', () => {
    const context = cartContext(profile, ['tomatoes'], 1);
    expect(context.total).toBe(2);
    expect(cartAffinity(profile, item(profile, 'pasta'), context, 0)).toBe(1);
    expect(cartAffinity(profile, item(profile, 'basil'), context, 0)).toBe(0.5);
    expect(cartAffinity(profile, item(profile, 'rice'), context, 0)).toBe(0);
  });

  it('weighs trips by how many cart items they share, sharpened by the power', () => {
    // Cart {tomatoes, basil}: d0 shares 2 items, d7 and d14 one each.
    const linear = cartContext(profile, ['tomatoes', 'basil'], 1);
    expect(cartAffinity(profile, item(profile, 'pasta'), linear, 0)).toBeCloseTo(3 / 4, 12);
    const squared = cartContext(profile, ['tomatoes', 'basil'], 2);
    expect(cartAffinity(profile, item(profile, 'pasta'), squared, 0)).toBeCloseTo(5 / 6, 12);
  });

  it('shrinks thin evidence with the prior and is 0 without known cart items', () => {
    const context = cartContext(profile, ['tomatoes'], 1);
    expect(cartAffinity(profile, item(profile, 'pasta'), context, 2)).toBe(0.5);
    const unknown = cartContext(profile, ['caviar'], 1);
    expect(unknown.total).toBe(0);
    expect(cartAffinity(profile, item(profile, 'pasta'), unknown, 0)).toBe(0);
  });
});

describe('due score', () => {
  // Coffee every 10 days (last on day 20); tea bought once.
  const profile = toScoringProfile(buildProfile([order(0, 'coffee', 'tea'), order(10, 'coffee'), order(20, 'coffee')]));
  const coffee = item(profile, 'coffee');

  it('is 1 from the typical interval on, and stays 1 when overdue', () => {
    expect(dueScore(profile, coffee, at(30), 0)).toBe(1);
    expect(dueScore(profile, coffee, at(90), 0)).toBe(1);
  });

  it('grows with the share of the cycle elapsed since the last purchase', () => {
    expect(dueScore(profile, coffee, at(20), 0)).toBe(0);
    expect(dueScore(profile, coffee, at(22), 0)).toBeCloseTo(0.2, 12);
    expect(dueScore(profile, coffee, at(25), 0)).toBeCloseTo(0.5, 12);
  });

  it('gives items without a cycle the configured neutral value', () => {
    expect(dueScore(profile, item(profile, 'tea'), at(30), 0.3)).toBe(0.3);
  });
});

describe('due with the population cycle', () => {
  // tea bought once on day 0; milk on days 0 and 10 (own cycle 10 days).
  const profile = toScoringProfile(buildProfile([order(0, 'tea', 'milk'), order(10, 'milk')]));

  it('gives an item bought once the population cycle instead of the unknown value', () => {
    expect(dueScore(profile, item(profile, 'tea'), at(10), 0.5)).toBe(0.5);
    expect(dueScore(profile, item(profile, 'tea'), at(10), 0.5, 20, 1)).toBe(0.5);
    expect(dueScore(profile, item(profile, 'tea'), at(10), 0.5, 40, 1)).toBe(0.25);
    expect(dueScore(profile, item(profile, 'tea'), at(10), 0.5, 40, 0)).toBe(0.5);
  });

  it('pulls a short own history towards the population cycle by the prior', () => {
    // Own 10 days over one interval, population 30 days as one more: 20 days.
    expect(dueScore(profile, item(profile, 'milk'), at(20), 0, 30, 1)).toBe(0.5);
    expect(dueScore(profile, item(profile, 'milk'), at(20), 0, NaN, 1)).toBe(1);
  });
});
