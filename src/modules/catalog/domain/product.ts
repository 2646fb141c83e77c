import { type Principal, StaffRole } from '../../auth/domain/principal.js';

/** A catalog entry. */
export interface Product {
  sku: string;
  name: string;
  category: string | null;
  brand: string | null;
  supplierId: string | null;
  active: boolean;
}

/** A product as lists show it: with the time it entered the catalog, which orders the list. */
export interface ListedProduct extends Product {
  createdAt: Date;
}

/** What a caller may see of the catalog: shoppers only active products, a supplier only its own. */
export interface CatalogScope {
  activeOnly: boolean;
  supplierId?: string;
}

/** Matches no supplier: a supplier key bound to none sees nothing rather than everything. */
const NO_SUPPLIER = '00000000-0000-0000-0000-000000000000';

/**
 * Shoppers see the active products (an inactive one cannot be bought); a supplier key its own
 * supplier's products, active or not; every other staff key the whole catalog.
 */
export function catalogScopeOf(principal: Principal): CatalogScope {
  if (principal.kind !== 'staff') return { activeOnly: true };
  if (principal.role === StaffRole.Supplier) return { activeOnly: false, supplierId: principal.supplierId ?? NO_SUPPLIER };
  return { activeOnly: false };
}

export interface ProductFilter {
  q?: string;
  category?: string;
}

/** `q` as an ILIKE pattern matching it anywhere, its own `%`, `_` and `\` taken literally. */
export function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
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
