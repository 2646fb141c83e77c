import { DEMO_SUPPLIERS, demoCatalog, type DemoProduct, type DemoSupplier } from './demo-catalog.js';
import { demoPurchases, type DemoPurchase } from './demo-history.js';
import { demoShopper, type DemoShopper } from './demo-shoppers.js';

export type { DemoProduct, DemoSupplier } from './demo-catalog.js';
export type { DemoPurchase } from './demo-history.js';
export type { DemoShopper, Staple } from './demo-shoppers.js';

export interface DemoWorldOptions {
  /** Same seed, same world. */
  seed: number;
  shoppers: number;
  /** Length of the histories. */
  days: number;
}

export const DEFAULT_DEMO_WORLD: DemoWorldOptions = { seed: 14, shoppers: 3000, days: 182 };

export interface DemoWorld {
  options: DemoWorldOptions;
  suppliers: readonly DemoSupplier[];
  products: DemoProduct[];
  shoppers: DemoShopper[];
  /** Every shopper's purchases, shopper by shopper, ending the day before `endDate`. */
  purchases(endDate: Date): Generator<DemoPurchase>;
}

/**
 * The demo grocer: a pure function of its options (no I/O, no clock: the caller says when the
 * histories end). Loaded by the seed, written as an import file by `npm run demo:dataset`.
 */
export function demoWorld(options: DemoWorldOptions = DEFAULT_DEMO_WORLD): DemoWorld {
  const products = demoCatalog(options.seed);
  const shoppers = Array.from({ length: options.shoppers }, (_, i) => demoShopper(options.seed, i + 1, products));
  return {
    options,
    suppliers: DEMO_SUPPLIERS,
    products,
    shoppers,
    *purchases(endDate: Date) {
      for (const shopper of shoppers) yield* demoPurchases(options.seed, shopper, products, { days: options.days, endDate });
    },
  };
}
