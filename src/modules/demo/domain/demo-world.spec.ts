import { demoWorld, type DemoPurchase, type DemoShopper } from './demo-world.js';

const DAY_MS = 86_400_000;
const END = new Date('2026-12-07T10:00:00Z');
const small = { seed: 14, shoppers: 300, days: 182 };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const purchasesOf = (shopper: DemoShopper, all: DemoPurchase[]) => all.filter((p) => p.customerId === shopper.customerId);

describe('demo world generator', () => {
  const world = demoWorld(small);
  const purchases = [...world.purchases(END)];

  it('is a pure function of its options', () => {
    const again = demoWorld(small);
    expect(again.products).toEqual(world.products);
    expect(again.shoppers).toEqual(world.shoppers);
    expect([...again.purchases(END)]).toEqual(purchases);
    const other = demoWorld({ ...small, seed: 15 });
    expect(other.shoppers.map((s) => s.staples)).not.toEqual(world.shoppers.map((s) => s.staples));
  });

  it('keeps order ids and items whatever the end date, so a load on another day finds duplicates', () => {
    const later = [...world.purchases(new Date(END.getTime() + 9 * DAY_MS))];
    expect(later.map((p) => [p.orderId, p.items])).toEqual(purchases.map((p) => [p.orderId, p.items]));
    expect(new Set(purchases.map((p) => p.orderId)).size).toBe(purchases.length);
  });

  it('stocks a believable grocer: a few hundred readable products of several suppliers and own labels', () => {
    const { products, suppliers } = world;
    expect(products.length).toBeGreaterThanOrEqual(250);
    expect(new Set(products.map((p) => p.sku)).size).toBe(products.length);
    expect(new Set(products.map((p) => p.category)).size).toBeGreaterThanOrEqual(12);
    for (const p of products) {
      expect(p.name).toBe(`${p.brand} ${p.label}`);
      expect(p.priceCents).toBeGreaterThan(0);
    }
    const names = new Set(suppliers.map((s) => s.name));
    expect(products.every((p) => p.supplier === null || names.has(p.supplier))).toBe(true);
    for (const s of suppliers) expect({ s: s.name, owns: products.some((p) => p.supplier === s.name) }).toEqual({ s: s.name, owns: true });
    expect(products.filter((p) => p.supplier === null).length).toBeGreaterThan(products.length / 3);
    expect(products.some((p) => !p.active)).toBe(true);
  });

  it('names shoppers by handle, never by their customer id, and features a few dozen varied ones', () => {
    const featured = world.shoppers.filter((s) => s.featured);
    expect(featured.length).toBe(36);
    expect(new Set(featured.map((s) => s.personaKey)).size).toBe(10);
    for (const s of world.shoppers) {
      expect(s.handle).toMatch(/^shopper-\d{4}$/);
      expect(s.persona).not.toContain(s.customerId);
    }
  });

  it("dates every trip within the history, before the end date's day, about every tripDays", () => {
    const endDay = Date.UTC(2026, 11, 7);
    for (const p of purchases) {
      const at = Date.parse(p.purchasedAt);
      expect(at).toBeLessThan(endDay);
      expect(at).toBeGreaterThan(endDay - (small.days + 2) * DAY_MS);
    }
    for (const shopper of world.shoppers.slice(0, 50)) {
      const days = purchasesOf(shopper, purchases).map((p) => Date.parse(p.purchasedAt) / DAY_MS);
      const gaps = days.slice(1).map((d, i) => d - days[i]);
      // A day of noise either way; a skipped trip or an empty basket now and then.
      expect({ shopper: shopper.handle, off: Math.abs(median(gaps) - shopper.tripDays) <= 1.5 }).toEqual({
        shopper: shopper.handle,
        off: true,
      });
    }
  });

  it("buys each shopper's staples on their own cycles, and other things now and then", () => {
    for (const shopper of world.shoppers.slice(0, 50)) {
      const mine = purchasesOf(shopper, purchases);
      for (const staple of shopper.staples) {
        const days = mine.filter((p) => p.items.some((i) => i.sku === staple.sku)).map((p) => Date.parse(p.purchasedAt) / DAY_MS);
        expect(days.length).toBeGreaterThanOrEqual(Math.floor(small.days / staple.cycleDays / 2));
        const gap = median(days.slice(1).map((d, i) => d - days[i]));
        // Due once most of a cycle has passed, bought at the next trip: within a trip of the cycle.
        expect(Math.abs(gap - staple.cycleDays)).toBeLessThanOrEqual(shopper.tripDays + 1);
      }
      const staples = new Set(shopper.staples.map((s) => s.sku));
      expect(mine.some((p) => p.items.some((i) => !staples.has(i.sku)))).toBe(true);
    }
  });

  it('leaves featured shoppers a full trip since their last one, so their staples are due at the end', () => {
    for (const shopper of world.shoppers.filter((s) => s.featured)) {
      const last = purchasesOf(shopper, purchases).at(-1) as DemoPurchase;
      expect(Math.floor((Date.UTC(2026, 11, 7) - Date.parse(last.purchasedAt)) / DAY_MS) + 1).toBe(shopper.tripDays);
      expect(shopper.consents.personalization).not.toBe(false);
    }
  });

  it('spreads consents as in life: some objections, a minority opting in, push only with offers', () => {
    const shoppers = demoWorld({ ...small, shoppers: 3000 }).shoppers.filter((s) => !s.featured);
    const share = (f: (s: DemoShopper) => boolean) => shoppers.filter(f).length / shoppers.length;
    expect(share((s) => s.consents.personalization === false)).toBeGreaterThan(0.03);
    expect(share((s) => s.consents.personalization === false)).toBeLessThan(0.1);
    expect(share((s) => s.consents.supplier_insights === false)).toBeGreaterThan(0.05);
    expect(share((s) => s.consents.targeted_offers === true)).toBeGreaterThan(0.2);
    expect(share((s) => s.consents.targeted_offers === true)).toBeLessThan(0.4);
    expect(shoppers.every((s) => !s.consents.push_marketing || s.consents.targeted_offers)).toBe(true);
    expect(share((s) => Object.keys(s.consents).length === 0)).toBeGreaterThan(0.5);
  });
});
