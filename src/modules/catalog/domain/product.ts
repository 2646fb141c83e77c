/** A catalog entry. */
export interface Product {
  sku: string;
  name: string;
  category: string | null;
  brand: string | null;
  supplierId: string | null;
  active: boolean;
}

/** What an upsert brings; absent optional fields are written as null (an upsert replaces the entry). */
export interface ProductInput {
  sku: string;
  name: string;
  category?: string | null;
  brand?: string | null;
  supplierId?: string | null;
  active?: boolean;
}

/**
 * The products to write, each sku once: the last occurrence wins, as if the items had been
 * upserted one after the other (a single INSERT … ON CONFLICT cannot touch a row twice).
 */
export function latestPerSku(inputs: readonly ProductInput[]): Product[] {
  const bySku = new Map<string, Product>();
  for (const p of inputs) {
    bySku.delete(p.sku);
    bySku.set(p.sku, {
      sku: p.sku,
      name: p.name,
      category: p.category ?? null,
      brand: p.brand ?? null,
      supplierId: p.supplierId ?? null,
      active: p.active ?? true,
    });
  }
  return [...bySku.values()];
}

/** Indexes (in the request) of the items naming a supplier that does not exist. */
export function unknownSupplierIndexes(inputs: readonly ProductInput[], known: ReadonlySet<string>): number[] {
  const out: number[] = [];
  inputs.forEach((p, i) => {
    if (p.supplierId && !known.has(p.supplierId.toLowerCase())) out.push(i);
  });
  return out;
}
