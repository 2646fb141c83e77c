-- Catalog and purchase history.
--
-- Identifiers (skus, order ids) use the "C" collation: they are compared byte-wise, never sorted
-- for people, and btree maintenance on them is markedly cheaper than under a linguistic locale.
--
-- orders          one row per order: the retailer-wide uniqueness of order_id (a partitioned table
--                 cannot have a unique key without its partition key) and the order header.
-- purchase_lines  one row per purchased item, partitioned by month of purchased_at (UTC), so that
--                 retention drops whole months (DROP TABLE of a partition: no DELETE, no VACUUM).
--                 Months are created on demand by panier_ensure_purchase_month() before rows are
--                 written; purchase_lines_default catches anything that slips past it.

CREATE TABLE "products" (
    "sku" TEXT COLLATE "C" NOT NULL,
    "name" TEXT NOT NULL,
    "category" TEXT,
    "brand" TEXT,
    "supplier_id" UUID,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "products_pkey" PRIMARY KEY ("sku"),
    CONSTRAINT "products_supplier_id_fkey" FOREIGN KEY ("supplier_id") REFERENCES "suppliers" ("id")
);
CREATE INDEX "products_category_idx" ON "products" ("category");
CREATE INDEX "products_brand_idx" ON "products" ("brand");
CREATE INDEX "products_supplier_id_idx" ON "products" ("supplier_id");

CREATE TABLE "orders" (
    "order_id" TEXT COLLATE "C" NOT NULL,
    "pseudonym" UUID NOT NULL,
    "purchased_at" TIMESTAMPTZ(3) NOT NULL,
    "channel" TEXT NOT NULL,
    "store_id" TEXT,
    -- Hash of the order's (sku, quantity) multiset: a re-sent order is a duplicate when pseudonym
    -- and items_hash match, a conflict otherwise (see purchases/domain/items-hash.ts).
    "items_hash" TEXT NOT NULL,
    "line_count" INTEGER NOT NULL,
    -- Lines still without a price: a duplicate only visits purchase_lines to fill prices in when
    -- this is above zero, which keeps re-imports of priced files cheap.
    "unpriced_lines" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "orders_pkey" PRIMARY KEY ("order_id"),
    CONSTRAINT "orders_channel_check" CHECK ("channel" IN ('store', 'online'))
);
CREATE INDEX "orders_pseudonym_purchased_at_idx" ON "orders" ("pseudonym", "purchased_at");
-- Only retention reads orders by date (a nightly DELETE): a BRIN index costs next to nothing per insert.
CREATE INDEX "orders_purchased_at_idx" ON "orders" USING BRIN ("purchased_at");

-- No primary key: uniqueness is the orders table's job, and lines are only ever inserted for an
-- order created in the same transaction. line_no is the line's rank in the canonical item order.
CREATE TABLE "purchase_lines" (
    "purchased_at" TIMESTAMPTZ(3) NOT NULL,
    "pseudonym" UUID NOT NULL,
    "order_id" TEXT COLLATE "C" NOT NULL,
    "line_no" SMALLINT NOT NULL,
    "sku" TEXT COLLATE "C" NOT NULL,
    "quantity" INTEGER NOT NULL,
    "unit_price_cents" INTEGER
) PARTITION BY RANGE ("purchased_at");
-- A shopper's history (profiles, audiences, export, erasure) and a product's buyers (insights,
-- conversions); both are created on every partition. The sku index leaves the date out: monthly
-- partitions already narrow by time, and a single-column key deduplicates (a few thousand skus,
-- millions of lines), which makes it about five times smaller and cheaper to maintain on ingest.
CREATE INDEX "purchase_lines_pseudonym_purchased_at_idx" ON "purchase_lines" ("pseudonym", "purchased_at");
CREATE INDEX "purchase_lines_sku_idx" ON "purchase_lines" ("sku");

CREATE TABLE "purchase_lines_default" PARTITION OF "purchase_lines" DEFAULT;

-- The partition of the UTC month holding `at`, created when missing. Rows of that month that fell
-- into the default partition meanwhile are moved into it first (ATTACH would refuse otherwise).
-- Concurrent callers are serialized by an advisory lock; calling it for an existing month costs a
-- catalog lookup.
CREATE FUNCTION "panier_ensure_purchase_month"("at" TIMESTAMPTZ) RETURNS TEXT
LANGUAGE plpgsql AS $$
DECLARE
    month_start TIMESTAMPTZ := date_trunc('month', "at", 'UTC');
    month_end TIMESTAMPTZ := date_trunc('month', "at", 'UTC') + INTERVAL '1 month';
    part TEXT := 'purchase_lines_' || to_char(month_start AT TIME ZONE 'UTC', 'YYYY_MM');
BEGIN
    IF to_regclass(part) IS NOT NULL THEN
        RETURN part;
    END IF;
    PERFORM pg_advisory_xact_lock(72707342);
    IF to_regclass(part) IS NOT NULL THEN
        RETURN part;
    END IF;
    EXECUTE format('CREATE TABLE %I (LIKE purchase_lines INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', part);
    EXECUTE format(
        'WITH moved AS (DELETE FROM purchase_lines_default WHERE purchased_at >= $1 AND purchased_at < $2 RETURNING *)
         INSERT INTO %I SELECT * FROM moved', part)
        USING month_start, month_end;
    EXECUTE format('ALTER TABLE purchase_lines ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', part, month_start, month_end);
    RETURN part;
END;
$$;

-- Retention: removes every purchase before `cutoff`. Whole months are dropped (cheap); the month
-- straddling the cutoff and the default partition lose their old rows by DELETE; the order
-- registry is cleaned through orders_purchased_at_idx. Returns what was removed.
CREATE FUNCTION "panier_purge_purchases_before"("cutoff" TIMESTAMPTZ)
RETURNS TABLE ("dropped_partitions" INTEGER, "deleted_lines" BIGINT, "deleted_orders" BIGINT)
LANGUAGE plpgsql AS $$
DECLARE
    rec RECORD;
    dropped INTEGER := 0;
    lines BIGINT := 0;
    n BIGINT;
BEGIN
    PERFORM pg_advisory_xact_lock(72707342);
    FOR rec IN
        SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) AS bound
        FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'purchase_lines'::regclass AND c.relname <> 'purchase_lines_default'
    LOOP
        -- Bounds read "FOR VALUES FROM ('…') TO ('…')": the month is wholly old when its end is.
        IF substring(rec.bound FROM 'TO \(''([^'']+)''\)')::timestamptz <= "cutoff" THEN
            EXECUTE format('DROP TABLE %I', rec.relname);
            dropped := dropped + 1;
        END IF;
    END LOOP;
    DELETE FROM purchase_lines WHERE purchased_at < "cutoff";
    GET DIAGNOSTICS n = ROW_COUNT;
    lines := n;
    DELETE FROM orders WHERE purchased_at < "cutoff";
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN QUERY SELECT dropped, lines, n;
END;
$$;
