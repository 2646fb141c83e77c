-- Campaigns: supplier-funded offers, their audiences fixed at launch, and the deliveries made.
--
-- campaigns          the marketer's campaign. `spec` holds the request body as validated (offer,
--                    audience rules, channels, budget, cap, quiet hours); the columns beside it are
--                    the parts SQL filters or joins on (conversions, lists).
-- campaign_audience  one row per shopper of a launched campaign, written once at launch (set-based)
--                    and never re-computed: chunk number for the fan-out, holdout flag, deferral by
--                    quiet hours and conversion time.
-- offer_deliveries   one row per offer delivered (the shopper's inbox and the proof of spend). Its key
--                    (campaign_id, pseudonym) is the once-per-shopper rule in the database: BullMQ
--                    job ids only dedupe while jobs are kept, and Redis may be flushed.
-- campaign_suppressions  one row per send decided without a delivery (no consent, cap, budget…).
--
-- The three per-shopper tables carry no foreign key to campaigns: they are written only by the
-- campaigns module for campaigns it has just read, campaigns are never deleted, and the checks
-- cost a third of a million-shopper launch, fan-out or cancel (one trigger call per row).

CREATE TABLE "campaigns" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "supplier_id" UUID NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "trigger" TEXT NOT NULL,
    "spec" JSONB NOT NULL,
    "offer_skus" TEXT[] NOT NULL,
    "valid_days" INTEGER NOT NULL,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "ends_at" TIMESTAMPTZ(3) NOT NULL,
    "launched_at" TIMESTAMPTZ(3),
    "dispatch_completed_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "campaigns_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "campaigns_supplier_id_fkey" FOREIGN KEY ("supplier_id") REFERENCES "suppliers" ("id"),
    CONSTRAINT "campaigns_status_check" CHECK ("status" IN ('draft', 'scheduled', 'running', 'paused', 'completed', 'cancelled')),
    CONSTRAINT "campaigns_trigger_check" CHECK ("trigger" IN ('broadcast', 'cart')),
    CONSTRAINT "campaigns_dates_check" CHECK ("starts_at" < "ends_at"),
    CONSTRAINT "campaigns_valid_days_check" CHECK ("valid_days" > 0)
);
CREATE INDEX "campaigns_created_at_idx" ON "campaigns" ("created_at" DESC, "id" DESC);
CREATE INDEX "campaigns_supplier_id_idx" ON "campaigns" ("supplier_id");
-- Conversions look up the campaigns whose measurement window may still be open.
CREATE INDEX "campaigns_launched_at_idx" ON "campaigns" ("launched_at") WHERE "launched_at" IS NOT NULL;

CREATE TABLE "campaign_audience" (
    "campaign_id" UUID NOT NULL,
    "pseudonym" UUID NOT NULL,
    "chunk" INTEGER NOT NULL,
    "holdout" BOOLEAN NOT NULL,
    "deferred_at" TIMESTAMPTZ(3),
    "converted_at" TIMESTAMPTZ(3),
    CONSTRAINT "campaign_audience_pkey" PRIMARY KEY ("campaign_id", "pseudonym")
);
-- The fan-out reads one chunk at a time.
CREATE INDEX "campaign_audience_campaign_id_chunk_idx" ON "campaign_audience" ("campaign_id", "chunk");
-- Conversions and erasure find a shopper's campaigns.
CREATE INDEX "campaign_audience_pseudonym_idx" ON "campaign_audience" ("pseudonym");

-- The fan-out only ever inserts: a shopper's send is decided when it has a delivery or a
-- suppression row (no per-shopper UPDATE of the audience, which would rewrite every index entry
-- of a million rows during a big send). `queued` is the audience minus both.
CREATE TABLE "offer_deliveries" (
    "campaign_id" UUID NOT NULL,
    "pseudonym" UUID NOT NULL,
    -- The deliveryId: a name-based UUID of (campaign, shopper), so unique with them (no index of its own).
    "id" UUID NOT NULL,
    "channel" TEXT NOT NULL,
    "push_status" TEXT,
    "cost_cents" INTEGER NOT NULL,
    "delivered_at" TIMESTAMPTZ(3) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "seen_at" TIMESTAMPTZ(3),
    "dismissed_at" TIMESTAMPTZ(3),
    CONSTRAINT "offer_deliveries_pkey" PRIMARY KEY ("campaign_id", "pseudonym"),
    CONSTRAINT "offer_deliveries_channel_check" CHECK ("channel" IN ('in_app', 'push'))
);
CREATE INDEX "offer_deliveries_pseudonym_delivered_at_idx" ON "offer_deliveries" ("pseudonym", "delivered_at" DESC);

-- Sends decided without a delivery, and why.
CREATE TABLE "campaign_suppressions" (
    "campaign_id" UUID NOT NULL,
    "pseudonym" UUID NOT NULL,
    "reason" TEXT NOT NULL,
    "decided_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "campaign_suppressions_pkey" PRIMARY KEY ("campaign_id", "pseudonym"),
    CONSTRAINT "campaign_suppressions_reason_check" CHECK ("reason" IN ('no_consent', 'frequency_cap', 'budget', 'failed', 'cancelled', 'expired'))
);
