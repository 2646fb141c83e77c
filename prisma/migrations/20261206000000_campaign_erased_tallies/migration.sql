-- What erased shoppers contributed to each campaign's figures, as counts only. An erasure deletes
-- the shopper's audience, delivery and suppression rows; the campaign's stats (money spent, offers
-- delivered and seen, conversions) are facts about the campaign and must not move with it. Nothing
-- here names or leads back to a shopper.
CREATE TABLE "campaign_erased_tallies" (
  "campaign_id" UUID NOT NULL PRIMARY KEY REFERENCES "campaigns" ("id") ON DELETE CASCADE,
  "audience" INTEGER NOT NULL DEFAULT 0,
  "holdout" INTEGER NOT NULL DEFAULT 0,
  "deferred" INTEGER NOT NULL DEFAULT 0,
  "converted_treatment" INTEGER NOT NULL DEFAULT 0,
  "converted_holdout" INTEGER NOT NULL DEFAULT 0,
  "delivered" INTEGER NOT NULL DEFAULT 0,
  "in_app" INTEGER NOT NULL DEFAULT 0,
  "push" INTEGER NOT NULL DEFAULT 0,
  "push_failed" INTEGER NOT NULL DEFAULT 0,
  "seen" INTEGER NOT NULL DEFAULT 0,
  "spent_cents" BIGINT NOT NULL DEFAULT 0,
  "no_consent" INTEGER NOT NULL DEFAULT 0,
  "frequency_cap" INTEGER NOT NULL DEFAULT 0,
  "budget" INTEGER NOT NULL DEFAULT 0,
  "failed" INTEGER NOT NULL DEFAULT 0,
  "other_suppressed" INTEGER NOT NULL DEFAULT 0
);
