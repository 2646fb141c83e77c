/** One line of a live cart. */
export interface CartLine {
  sku: string;
  name?: string;
  quantity: number;
}

/** The live cart of the contract: `{ items, version, updatedAt }`. */
export interface Cart {
  items: CartLine[];
  version: number;
  updatedAt: string | null;
}

/** How a cart is kept in Redis: compact, the lines in the order they were added. */
export interface StoredCart {
  v: number;
  u: number;
  i: Array<[string, number]> | Record<string, never>;
}

export function emptyCart(): Cart {
  return { items: [], version: 0, updatedAt: null };
}

/** Reads the stored form (Lua's cjson writes an empty list as `{}`). */
export function parseStoredCart(json: string | null | undefined, names?: (sku: string) => string | undefined): Cart {
  if (!json) return emptyCart();
  const stored = JSON.parse(json) as StoredCart;
  const lines = Array.isArray(stored.i) ? stored.i : [];
  return {
    items: lines.map(([sku, quantity]) => {
      const name = names?.(sku);
      return name === undefined ? { sku, quantity } : { sku, name, quantity };
    }),
    version: stored.v,
    updatedAt: stored.u > 0 ? new Date(stored.u).toISOString() : null,
  };
}

export function cartSkus(cart: Cart): string[] {
  return cart.items.map((line) => line.sku);
}

/** Items in the cart, counting quantities: what "the cart holds a few items" means. */
export function cartItemCount(cart: Cart): number {
  return cart.items.reduce((sum, line) => sum + line.quantity, 0);
}
