import { Injectable } from '@nestjs/common';
import { AppError, ErrorCode } from '../../common/errors/app-error.js';
import { decodeTextCursor, encodeTextCursor, type Page, pageOf } from '../../common/http/pagination.js';
import type { Principal } from '../auth/domain/principal.js';
import { CatalogChanges } from './catalog-changes.publisher.js';
import { CatalogRepository } from './catalog.repository.js';
import {
  catalogScopeOf,
  latestPerSku,
  type ListedProduct,
  type Product,
  type ProductFilter,
  type ProductInput,
  unknownSupplierIndexes,
} from './domain/product.js';

/** Unknown suppliers named in one refusal, at most. */
const MAX_DETAILS = 100;
/** Categories listed at most: a catalog has tens of them, not thousands. */
const MAX_CATEGORIES = 1000;

/** The product catalog: names, categories, brands, suppliers and whether a product is active. */
@Injectable()
export class CatalogService {
  constructor(
    private readonly repository: CatalogRepository,
    private readonly events: CatalogChanges,
  ) {}

  /**
   * Creates or replaces the products (all or none). Every supplierId must name an existing
   * supplier, else the call is refused naming the items at fault. Returns the distinct skus written.
   */
  async upsert(inputs: ProductInput[]): Promise<number> {
    const supplierIds = [...new Set(inputs.flatMap((p) => (p.supplierId ? [p.supplierId.toLowerCase()] : [])))];
    const known = await this.repository.existingSuppliers(supplierIds);
    const unknown = unknownSupplierIndexes(inputs, known);
    if (unknown.length > 0) {
      throw AppError.validation(unknown.slice(0, MAX_DETAILS).map((i) => ({ field: `${i}.supplierId`, message: 'unknown supplier' })));
    }
    const products = latestPerSku(inputs);
    try {
      await this.repository.upsert(products);
    } catch (error) {
      // A supplier removed between the check and the write.
      if (String((error as Error).message).includes('products_supplier_id_fkey')) {
        throw new AppError(
          ErrorCode.ValidationFailed,
          'A supplierId names no supplier',
          [{ field: 'supplierId', message: 'unknown supplier' }],
          { cause: error },
        );
      }
      throw error;
    }
    // Instances' in-memory product facts follow before the answer (a deactivated product leaves
    // reminders and offers at once).
    await this.events.changed(products.map((p) => p.sku));
    return products.length;
  }

  /** A page of the catalog as this caller may see it, newest first. */
  async list(principal: Principal, filter: ProductFilter, limit: number, cursor?: string): Promise<Page<ListedProduct>> {
    const rows = await this.repository.list(catalogScopeOf(principal), filter, limit + 1, decodeTextCursor(cursor));
    return pageOf(rows, limit, (p) => encodeTextCursor(p.createdAt, p.sku));
  }

  /** The categories this caller may see, with their number of products. */
  categories(principal: Principal): Promise<Array<{ name: string; products: number }>> {
    return this.repository.categories(catalogScopeOf(principal), MAX_CATEGORIES);
  }

  /** The skus among these that may not be offered: inactive, or not in the catalog. */
  async notOfferable(skus: readonly string[]): Promise<string[]> {
    const products = await this.findBySkus(skus);
    return skus.filter((sku) => products.get(sku)?.active !== true);
  }

  /** A page of the catalog's skus in sku order, after `after` (for caches that load it all). */
  skusAfter(after: string | undefined, limit: number): Promise<string[]> {
    return this.repository.skusAfter(after, limit);
  }

  /** The known products among `skus`, by sku (unknown skus are simply absent). */
  async findBySkus(skus: readonly string[]): Promise<Map<string, Product>> {
    const unique = [...new Set(skus)];
    const products = await this.repository.findBySkus(unique);
    return new Map(products.map((p) => [p.sku, p]));
  }
}
