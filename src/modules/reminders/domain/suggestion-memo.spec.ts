import { buildProfile, DAY_MS, type ProfileOrder } from '../../profiles/domain/habit-profile.js';
import { rankReminders } from './reminder-ranker.js';
import { toScoringProfile } from './scoring-profile.js';
import { SuggestionMemo } from './suggestion-memo.js';

const T0 = Date.UTC(2024, 0, 1);
const at = (day: number) => T0 + day * DAY_MS;
const order = (day: number, ...skus: string[]): ProfileOrder => ({ purchasedAt: at(day), skus });

const profile = toScoringProfile(
  buildProfile([
    order(0, 'milk', 'bread', 'eggs'),
    order(7, 'milk', 'bread', 'jam'),
    order(14, 'milk', 'bread', 'tea', 'jam'),
    order(21, 'milk', 'eggs'),
    order(28, 'milk', 'bread', 'butter'),
  ]),
);
const NONE = new Map<string, number>();
const now = at(35);

describe('SuggestionMemo', () => {
  it('rests on a ranking that skus outside the profile cannot change', () => {
    // The claim the memo relies on, checked on the real ranker for every cart of profile skus.
    const habitual = ['milk', 'bread', 'eggs', 'jam', 'tea', 'butter'];
    for (let mask = 0; mask < 1 << habitual.length; mask++) {
      const cart = habitual.filter((_, i) => mask & (1 << i));
      const rank = (skus: string[]) => rankReminders({ profile, cartSkus: skus, now }, { limit: 3 });
      expect(rank([...cart, 'crisps', 'soap'])).toEqual(rank(cart));
    }
  });

  it('reuses the ranking while only skus outside the profile or quantities change', () => {
    const memo = new SuggestionMemo<string>(60_000);
    let computed = 0;
    const get = (cartSkus: string[], t = now, dismissed: ReadonlyMap<string, number> = NONE) =>
      memo.get({ profile, cartSkus, dismissed, now: t, itemsVersion: 0 }, () => `ranking ${++computed}`);
    expect(get(['milk'])).toBe('ranking 1');
    expect(get(['milk', 'crisps'])).toBe('ranking 1');
    expect(get(['crisps', 'milk', 'soap'], now + 59_000)).toBe('ranking 1');
    expect(computed).toBe(1);
  });

  it('ranks again when a profile sku enters or leaves the cart', () => {
    const memo = new SuggestionMemo<number>(60_000);
    let computed = 0;
    const get = (cartSkus: string[]) => memo.get({ profile, cartSkus, dismissed: NONE, now, itemsVersion: 0 }, () => ++computed);
    get(['milk']);
    expect(get(['milk', 'bread'])).toBe(2);
    expect(get(['bread'])).toBe(3);
    expect(get([])).toBe(4);
  });

  it('ranks again when the dismissals, the profile, the product facts or the minute change', () => {
    const memo = new SuggestionMemo<number>(60_000);
    let computed = 0;
    const get = (p = profile, t = now, dismissed: ReadonlyMap<string, number> = NONE, itemsVersion = 0) =>
      memo.get({ profile: p, cartSkus: ['milk'], dismissed, now: t, itemsVersion }, () => ++computed);
    get();
    expect(get(profile, now, new Map([['bread', at(40)]]))).toBe(2);
    expect(get(profile, now, new Map([['bread', at(40)]]))).toBe(2);
    expect(get(profile, now, new Map([['bread', at(41)]]))).toBe(3);
    expect(get(profile, now, NONE)).toBe(4);
    expect(get({ ...profile })).toBe(5);
    expect(get(profile)).toBe(6);
    expect(get(profile, now + 60_000)).toBe(7);
    // A clock that goes back (another instance's, a test's) is not trusted with an old ranking.
    expect(get(profile, now)).toBe(8);
    // A catalog change (a product deactivated, renamed) read by this instance.
    expect(get(profile, now, NONE, 1)).toBe(9);
    expect(get(profile, now, NONE, 1)).toBe(9);
  });

  it('follows a changed sku from version to version as reading every sku would', () => {
    // Random adds and removes, some by another device (the version jumps): the memo told the
    // changed sku must rank exactly when one reading the whole cart does.
    const skus = ['milk', 'bread', 'eggs', 'jam', 'tea', 'butter', 'crisps', 'soap'];
    let seed = 7;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const told = new SuggestionMemo<number>(60_000);
    const whole = new SuggestionMemo<number>(60_000);
    let computedTold = 0;
    let computedWhole = 0;
    const cart = new Map<string, number>();
    let version = 0;
    for (let step = 0; step < 2000; step++) {
      const sku = skus[Math.floor(random() * skus.length)];
      const elsewhere = random() < 0.1;
      if (random() < 0.6) cart.set(sku, (cart.get(sku) ?? 0) + 1);
      else if (cart.has(sku)) {
        if (random() < 0.5 && cart.get(sku)! > 1) cart.set(sku, cart.get(sku)! - 1);
        else cart.delete(sku);
      } else if (elsewhere) continue;
      else {
        // Removing what is not there changes nothing: the version stays, and no sku is told.
        const inputs = { profile, cartSkus: [...cart.keys()], dismissed: NONE, now, itemsVersion: 0 };
        const a = told.get({ ...inputs, cartVersion: version }, () => ++computedTold);
        expect([step, a]).toEqual([step, whole.get(inputs, () => ++computedWhole)]);
        continue;
      }
      version += 1;
      if (elsewhere) continue; // another device's change: this one never sees it
      const cartSkus = [...cart.keys()];
      const inputs = { profile, cartSkus, dismissed: NONE, now, itemsVersion: 0 };
      const a = told.get({ ...inputs, cartVersion: version, changedSku: sku }, () => ++computedTold);
      const b = whole.get(inputs, () => ++computedWhole);
      expect([step, a]).toEqual([step, b]);
    }
    expect(computedTold).toBeGreaterThan(10);
  });

  it('reads every sku of a cart that came back after expiring, whatever its version', () => {
    // The cart expired (no event for its idle TTL, longer than the memo's age) and came back at
    // version 0; by the time this device sees it again its version follows the old one's.
    const memo = new SuggestionMemo<number>(60_000);
    const whole = new SuggestionMemo<number>(60_000);
    let computed = 0;
    let computedWhole = 0;
    const step = (cartSkus: string[], cartVersion: number, changedSku: string, t: number) => {
      const inputs = { profile, cartSkus, dismissed: NONE, now: t, itemsVersion: 0 };
      memo.get({ ...inputs, cartVersion, changedSku }, () => ++computed);
      whole.get(inputs, () => ++computedWhole);
    };
    step(['milk', 'bread'], 2, 'bread', now);
    step(['milk', 'soap'], 3, 'soap', now + 61_000);
    // Bread enters the new cart: the ranking is made again, as it is reading the whole cart.
    step(['milk', 'soap', 'bread'], 4, 'bread', now + 62_000);
    expect(computed).toBe(3);
    expect(computedWhole).toBe(3);
  });
});
