/** One line of a live cart. */
export interface CartLine {
  sku: string;
  name?: string;
  quantity: number;
}

/**
 * The live cart of the contract: `{ items, version, updatedAt }`. `updatedAt` is always a time: the
 * last change, or for a cart never changed (version 0) the moment it came into being.
 */
export interface Cart {
  items: CartLine[];
  version: number;
  updatedAt: string;
}

/** How a cart is kept in Redis: compact, the lines in the order they were added. */
export interface StoredCart {
  v: number;
  u: number;
  i: Array<[string, number]> | Record<string, never>;
}

/** A cart that does not exist yet, as it would come into being at `at` (epoch ms). */
export function emptyCart(at: number): Cart {
  return { items: [], version: 0, updatedAt: new Date(at).toISOString() };
}

/**
 * Reads the stored form (Lua's cjson writes an empty list as `{}`). No stored cart reads as an
 * empty one created `now`.
 */
export function parseStoredCart(json: string | null | undefined, names?: (sku: string) => string | undefined, now = Date.now()): Cart {
  return liveCartPayload(readLiveCart(json, now), names ?? (() => undefined));
}

/**
 * A stored cart as the live path reads it: its lines as stored, before the contract's shape.
 * What a cart event needs of it (skus, item count, the JSON sent) comes from these without a
 * `CartLine` per line.
 */
export interface LiveCart {
  readonly lines: ReadonlyArray<readonly [string, number]>;
  readonly version: number;
  /** Epoch ms: the last change, or when a cart never changed came into being. */
  readonly updatedAt: number;
  readonly skus: string[];
  readonly itemCount: number;
}

/** Reads the stored form as {@link parseStoredCart} does, keeping the lines as they are. */
export function readLiveCart(json: string | null | undefined, now = Date.now()): LiveCart {
  if (!json) return { lines: [], version: 0, updatedAt: now, skus: [], itemCount: 0 };
  const stored = JSON.parse(json) as StoredCart;
  const lines = Array.isArray(stored.i) ? stored.i : [];
  const skus = new Array<string>(lines.length);
  let itemCount = 0;
  for (let i = 0; i < lines.length; i++) {
    skus[i] = lines[i][0];
    itemCount += lines[i][1];
  }
  return { lines, version: stored.v, updatedAt: stored.u > 0 ? stored.u : now, skus, itemCount };
}

/**
 * The JSON of a line up to its quantity: `{"sku":…,"name":…,"quantity":`, the same bytes
 * JSON.stringify gives for the line. Built once per product, so that a cart is encoded by joining.
 */
export function lineHead(sku: string, name: string | undefined): string {
  return name === undefined
    ? `{"sku":${JSON.stringify(sku)},"quantity":`
    : `{"sku":${JSON.stringify(sku)},"name":${JSON.stringify(name)},"quantity":`;
}

/** The contract's JSON of the cart (`JSON.stringify` of its {@link Cart}), from each line's {@link lineHead}. */
export function liveCartJson(cart: LiveCart, headOf: (sku: string) => string): string {
  // Joined rather than appended: `join` makes one flat string, where `+=` makes a rope that every
  // message carrying the cart (the ack, `cart:state`) would walk again to measure and copy it.
  const items = new Array<string>(cart.lines.length);
  for (let i = 0; i < cart.lines.length; i++) {
    const [sku, quantity] = cart.lines[i];
    items[i] = headOf(sku) + quantity + '}';
  }
  return `{"items":[${items.join(',')}],"version":${cart.version},"updatedAt":"${new Date(cart.updatedAt).toISOString()}"}`;
}

/** The contract's {@link Cart} of a live cart, named by `names`. */
export function liveCartPayload(cart: LiveCart, names: (sku: string) => string | undefined): Cart {
  return {
    items: cart.lines.map(([sku, quantity]) => {
      const name = names(sku);
      return name === undefined ? { sku, quantity } : { sku, name, quantity };
    }),
    version: cart.version,
    updatedAt: new Date(cart.updatedAt).toISOString(),
  };
}

export function cartSkus(cart: Cart): string[] {
  return cart.items.map((line) => line.sku);
}

/** Items in the cart, counting quantities: what "the cart holds a few items" means. */
export function cartItemCount(cart: Cart): number {
  return cart.items.reduce((sum, line) => sum + line.quantity, 0);
}
