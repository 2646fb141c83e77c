import { Injectable } from '@nestjs/common';
import type { TextKeysetCursor } from '../../common/http/pagination.js';
import { Prisma } from '../../generated/prisma/client.js';
import { PrismaService } from '../../infra/database/prisma.service.js';
import { type CatalogScope, likePattern, type ListedProduct, type ProductFilter } from './domain/product.js';
import type { Product } from './domain/product.js';

@Injectable()
export class CatalogRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * One set-based upsert for the whole call (arrays unnested server-side), touching only the rows
   * that change, so re-sending a catalog costs reads, not writes.
   */
  async upsert(products: Product[]): Promise<void> {
    if (products.length === 0) return;
    await this.prisma.$executeRaw`
      INSERT INTO products (sku, name, category, brand, supplier_id, active)
      SELECT * FROM unnest(
        ${products.map((p) => p.sku)}::text[], ${products.map((p) => p.name)}::text[],
        ${products.map((p) => p.category)}::text[], ${products.map((p) => p.brand)}::text[],
        ${products.map((p) => p.supplierId)}::uuid[], ${products.map((p) => p.active)}::boolean[])
      ON CONFLICT (sku) DO UPDATE SET
        name = EXCLUDED.name, category = EXCLUDED.category, brand = EXCLUDED.brand,
        supplier_id = EXCLUDED.supplier_id, active = EXCLUDED.active, updated_at = now()
      WHERE (products.name, products.category, products.brand, products.supplier_id, products.active)
        IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.category, EXCLUDED.brand, EXCLUDED.supplier_id, EXCLUDED.active)`;
  }

  async findBySkus(skus: string[]): Promise<Product[]> {
    if (skus.length === 0) return [];
    return this.prisma.$queryRaw<Product[]>`
      SELECT sku, name, category, brand, supplier_id::text AS "supplierId", active
      FROM products WHERE sku = ANY(${skus}::text[])`;
  }

  /**
   * A page of the catalog, newest first (then by sku), within the caller's scope. Search is a
   * case-insensitive substring of name, sku or brand, served by one trigram index.
   */
  async list(scope: CatalogScope, filter: ProductFilter, limit: number, after?: TextKeysetCursor): Promise<ListedProduct[]> {
    const where = [Prisma.sql`TRUE`];
    if (scope.activeOnly) where.push(Prisma.sql`active`);
    if (scope.supplierId) where.push(Prisma.sql`supplier_id = ${scope.supplierId}::uuid`);
    if (filter.category !== undefined) where.push(Prisma.sql`category = ${filter.category}`);
    if (filter.q !== undefined) {
      const pattern = likePattern(filter.q);
      // The expression of products_search_idx, to the letter (migration 20261207060000).
      where.push(Prisma.sql`lower(name || E'\\x1f' || sku || E'\\x1f' || coalesce(brand, '')) LIKE lower(${pattern})`);
    }
    if (after) where.push(Prisma.sql`(created_at < ${after.at} OR (created_at = ${after.at} AND sku > ${after.key}))`);
    return this.prisma.$queryRaw<ListedProduct[]>`
      SELECT sku, name, category, brand, supplier_id::text AS "supplierId", active, created_at AS "createdAt"
      FROM products WHERE ${Prisma.join(where, ' AND ')}
      ORDER BY created_at DESC, sku LIMIT ${limit}`;
  }

  /** Categories with their number of products, within the caller's scope, by name. */
  async categories(scope: CatalogScope, limit: number): Promise<Array<{ name: string; products: number }>> {
    const where = [Prisma.sql`category IS NOT NULL`];
    if (scope.activeOnly) where.push(Prisma.sql`active`);
    if (scope.supplierId) where.push(Prisma.sql`supplier_id = ${scope.supplierId}::uuid`);
    return this.prisma.$queryRaw<Array<{ name: string; products: number }>>`
      SELECT category AS name, count(*)::int AS products FROM products WHERE ${Prisma.join(where, ' AND ')}
      GROUP BY category ORDER BY category LIMIT ${limit}`;
  }

  /** A page of skus in sku order, after `after` (the primary key's index: no sort). */
  async skusAfter(after: string | undefined, limit: number): Promise<string[]> {
    const rows = await this.prisma.$queryRaw<Array<{ sku: string }>>`
      SELECT sku FROM products WHERE sku > ${after ?? ''} ORDER BY sku LIMIT ${limit}`;
    return rows.map((r) => r.sku);
  }

  /** The ids among `ids` that name a supplier (lower-case, as PostgreSQL prints uuids). */
  async existingSuppliers(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.prisma.$queryRaw<Array<{ id: string }>>`
      SELECT id::text AS id FROM suppliers WHERE id = ANY(${ids}::uuid[])`;
    return new Set(rows.map((r) => r.id));
  }
}
