-- A per-shopper consent version, incremented under the shopper's row lock by every consent change.
-- Ledger ids are handed out at insert time, not in commit order, so they cannot order the Redis
-- copies of two concurrent changes; this counter can (see consent.repository.ts).
ALTER TABLE "shoppers" ADD COLUMN "consent_version" BIGINT NOT NULL DEFAULT 0;
