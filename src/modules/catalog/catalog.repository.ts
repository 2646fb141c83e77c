import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../infra/database/prisma.service.js';
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
