-- One trigram index on one expression (name, sku and brand lower-cased, joined by a control
-- character no search may hold) instead of one per column: since pg_trgm 1.6 a trigram index also
-- serves `=`, and the planner took the one on `sku` for the `sku = ANY(…)` look-ups of a
-- 10,000-product upsert's aftermath (35 s instead of milliseconds, the e2e catalog test timing
-- out); `brand = ANY(…)` of audience rules was exposed the same way. An expression index serves
-- nothing but the search, whose query repeats the expression to the letter. On 100,541 products
-- (2 cores, load 20): a search with no match 15 ms (a sequential scan: 677 ms), a page of a common
-- word 0.7 ms (through products_created_at_sku_idx); 10,000 `sku = ANY` look-ups 67 ms by the key.
DROP INDEX IF EXISTS "products_name_trgm_idx";
DROP INDEX IF EXISTS "products_sku_trgm_idx";
DROP INDEX IF EXISTS "products_brand_trgm_idx";
CREATE INDEX "products_search_idx" ON "products" USING gin ((lower("name" || E'\x1f' || "sku" || E'\x1f' || coalesce("brand", ''))) gin_trgm_ops);
