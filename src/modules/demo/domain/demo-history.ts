import type { DemoProduct } from './demo-catalog.js';
import type { DemoShopper } from './demo-shoppers.js';
import { Random } from './random.js';

const DAY_MS = 86_400_000;

/** A purchase in the shape the import takes (NDJSON, one per line). */
export interface DemoPurchase {
  customerId: string;
  orderId: string;
  purchasedAt: string;
  channel: 'store' | 'online';
  storeId?: string;
  items: Array<{ sku: string; quantity: number; unitPriceCents: number }>;
}

/** A trip before it has a date: a day number counted back from the end of the history. */
interface Trip {
  daysAgo: number;
  items: Map<string, number>;
}

/**
 * One shopper's history over `days` days ending the day before `endDate`: a trip every
 * `tripDays` give or take a day, now and then a skipped week; on each, the staples whose cycle
 * has come round (most of the time: people forget), and a few things on a whim. Order ids do not
 * depend on `endDate`: the same world loaded on another day finds its orders as duplicates.
 */
export function demoPurchases(
  seed: number,
  shopper: DemoShopper,
  catalog: readonly DemoProduct[],
  options: { days: number; endDate: Date },
): DemoPurchase[] {
  const random = new Random(seed).fork(500_000 + Number(shopper.handle.slice(-4)));
  const trips = tripsOf(random, shopper, options.days);
  const active = catalog.filter((p) => p.active);
  const price = new Map(catalog.map((p) => [p.sku, p.priceCents]));
  const lastBought = new Map(shopper.staples.map((s) => [s.sku, options.days + random.int(0, s.cycleDays)]));
  for (const trip of trips) {
    for (const staple of shopper.staples) {
      const since = (lastBought.get(staple.sku) ?? 0) - trip.daysAgo;
      // Due when most of the cycle has passed; 8 % of the time it is forgotten this trip.
      if (since >= staple.cycleDays - shopper.tripDays / 2 && random.chance(0.92)) {
        trip.items.set(staple.sku, staple.quantity);
        lastBought.set(staple.sku, trip.daysAgo);
      }
    }
    for (let k = poisson(random, shopper.occasional); k > 0; k--) {
      const product = random.pick(active);
      if (!trip.items.has(product.sku)) trip.items.set(product.sku, 1);
    }
  }
  const endDay = Date.UTC(options.endDate.getUTCFullYear(), options.endDate.getUTCMonth(), options.endDate.getUTCDate());
  return trips
    .filter((trip) => trip.items.size > 0)
    .map((trip, i) => {
      const online = random.chance(shopper.online);
      const minute = random.int(0, 59);
      const at = endDay - trip.daysAgo * DAY_MS + (shopper.hour + random.int(-1, 1)) * 3_600_000 + minute * 60_000;
      return {
        customerId: shopper.customerId,
        orderId: `demo-${shopper.handle}-${String(i + 1).padStart(3, '0')}`,
        purchasedAt: new Date(at).toISOString(),
        channel: online ? 'online' : 'store',
        ...(online ? {} : { storeId: shopper.storeId }),
        items: [...trip.items].map(([sku, quantity]) => ({ sku, quantity, unitPriceCents: price.get(sku) ?? 0 })),
      };
    });
}

/** Trip days, oldest first: every `tripDays` with a day of noise, 4 % skipped, none on the last day. */
function tripsOf(random: Random, shopper: DemoShopper, days: number): Trip[] {
  const out: Trip[] = [];
  for (let daysAgo = shopper.daysSinceLastTrip, first = true; daysAgo < days; daysAgo += shopper.tripDays, first = false) {
    // The last trip is kept exact: featured shoppers' staples are due on the day the demo starts.
    const jitter = first ? 0 : random.pick([-1, 0, 0, 0, 1]);
    if (!first && random.chance(0.04)) continue;
    out.push({ daysAgo: Math.max(1, daysAgo + jitter), items: new Map() });
  }
  return out.reverse();
}

/** Knuth's method: small means only. */
function poisson(random: Random, mean: number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = random.next(); p > limit; p *= random.next()) k++;
  return k;
}
