-- Customers who asked to be erased, so that a pipeline re-sending their orders cannot bring them
-- back (GDPR Art. 17(3), keeping the minimum needed to honour the erasure). Keyed by the customer
-- id's keyed HMAC lookup only, the form identity_index uses under `key_version`: no pseudonym, no
-- customer id, nothing that leads to data. Written by the erasure in the transaction that drops
-- the identity, read at ingest, deleted when the customer comes back by signing in.
CREATE TABLE "suppressed_identities" (
  "lookup" TEXT NOT NULL PRIMARY KEY,
  "key_version" INTEGER NOT NULL,
  "reason" TEXT NOT NULL CHECK ("reason" IN ('erasure')),
  "since" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
CREATE INDEX "suppressed_identities_key_version_idx" ON "suppressed_identities" ("key_version");
