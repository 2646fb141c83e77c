-- The keyed digest of the customer id an erasure request is about (the identity index's HMAC
-- lookup form, never the id), kept with the request: once the identity is erased, a repeated
-- DELETE /v1/me finds its request through it instead of creating a shopper to erase again.
ALTER TABLE "erasure_requests" ADD COLUMN "subject_lookup" TEXT;
CREATE INDEX "erasure_requests_subject_lookup_idx" ON "erasure_requests" ("subject_lookup", "requested_at");
