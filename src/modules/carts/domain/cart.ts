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
  if (!json) return emptyCart(now);
  const stored = JSON.parse(json) as StoredCart;
  const lines = Array.isArray(stored.i) ? stored.i : [];
  return {
    items: lines.map(([sku, quantity]) => {
      const name = names?.(sku);
      return name === undefined ? { sku, quantity } : { sku, name, quantity };
    }),
    version: stored.v,
    updatedAt: new Date(stored.u > 0 ? stored.u : now).toISOString(),
  };
}

export function cartSkus(cart: Cart): string[] {
  return cart.items.map((line) => line.sku);
}

/** Items in the cart, counting quantities: what "the cart holds a few items" means. */
export function cartItemCount(cart: Cart): number {
  return cart.items.reduce((sum, line) => sum + line.quantity, 0);
}
