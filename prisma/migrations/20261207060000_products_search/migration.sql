-- GET /v1/products: newest first, searched by a case-insensitive substring of name, sku or brand.
-- One trigram index on one expression (name, sku and brand lower-cased, joined by a control
-- character no search may hold) rather than one per column: since pg_trgm 1.6 a trigram index also
-- serves `=`, and the planner would take a per-column one for the `sku = ANY(…)` look-ups of a bulk
-- upsert or the `brand = ANY(…)` of audience rules (seconds instead of milliseconds). The search
-- query repeats the expression to the letter. On 100,541 products: a search with no match 15 ms
-- (a sequential scan: 677 ms); browsing the first page 0.03 ms (121 ms). pg_trgm ships with
-- PostgreSQL and is a trusted extension: the database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX "products_created_at_sku_idx" ON "products" ("created_at" DESC, "sku");
CREATE INDEX "products_search_idx" ON "products" USING gin ((lower("name" || E'\x1f' || "sku" || E'\x1f' || coalesce("brand", ''))) gin_trgm_ops);
