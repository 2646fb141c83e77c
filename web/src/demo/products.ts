import { type Api, must } from '../api/client';

/** A product as GET /v1/products lists it (public contract). */
export interface Product {
  sku: string;
  name: string;
  category: string | null;
  brand: string | null;
  supplierId: string | null;
  active: boolean;
}

export interface ProductQuery {
  q?: string;
  category?: string;
  limit?: number;
  cursor?: string;
}

interface ProductsPage {
  products: Product[];
  nextCursor: string | null;
}

type ProductsGet = (
  path: '/v1/products',
  init: { params: { query: ProductQuery } },
) => Promise<{ data?: ProductsPage; error?: unknown; response: Response }>;

/**
 * GET /v1/products, the catalog read of the contract. It is built on another branch: until it is
 * merged the generated schema does not name it, so this one call is typed here by the contract.
 */
export function searchProducts(api: Api, query: ProductQuery): Promise<ProductsPage> {
  return must((api.GET as unknown as ProductsGet)('/v1/products', { params: { query } }));
}
