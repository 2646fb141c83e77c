-- A proof for every send: each delivery keeps the consent ledger position its decision read (the
-- shopper's consent version, as the decision script found it in Redis or in PostgreSQL), and each
-- ledger entry the version it moved the shopper's state to, so that the two can be matched. Rows
-- written before this migration have neither (NULL). Adding a column is no UPDATE: the ledger's
-- append-only trigger is untouched.
ALTER TABLE "offer_deliveries" ADD COLUMN "consent_position" BIGINT;
ALTER TABLE "consent_ledger" ADD COLUMN "position" BIGINT;
