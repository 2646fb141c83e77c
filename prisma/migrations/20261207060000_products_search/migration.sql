-- GET /v1/products: newest first, searched by a case-insensitive substring of name, sku or brand.
-- Measured on 100,270 products (2 cores, loaded): `%oat milk%` (no match) went from a 677 ms
-- sequential scan to 0.5 ms (bitmap OR of the three trigram indexes); `%milk%` (3,700 matches,
-- a page of 51) from 492 ms to 1.4 ms; browsing the first page from 121 ms to 0.03 ms. pg_trgm
-- ships with PostgreSQL and is a trusted extension: the database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX "products_name_trgm_idx" ON "products" USING gin ("name" gin_trgm_ops);
CREATE INDEX "products_sku_trgm_idx" ON "products" USING gin ("sku" gin_trgm_ops);
CREATE INDEX "products_brand_trgm_idx" ON "products" USING gin ("brand" gin_trgm_ops);
CREATE INDEX "products_created_at_sku_idx" ON "products" ("created_at" DESC, "sku");
