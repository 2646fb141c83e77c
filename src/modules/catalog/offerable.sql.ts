import { Prisma } from '../../generated/prisma/client.js';

/**
 * SQL condition: every sku of the array `skus` (a column or expression) is in the catalog and
 * active: an inactive product is never offered (public contract). CatalogService.notOfferable is the
 * same rule for skus held in memory.
 */
export function allOfferable(skus: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`NOT EXISTS (SELECT 1 FROM unnest(${skus}) o(sku) LEFT JOIN products p ON p.sku = o.sku WHERE p.active IS NOT TRUE)`;
}
