-- Erasure requests (GDPR Art. 17): what is kept once a shopper's data is gone is the request
-- itself, who asked, when, how it ended and how much was removed. The pseudonym is needed only
-- while the erasure runs (first pass, then a second pass for data that was on its way); it is
-- cleared after the second pass. Pseudonyms are random: once the identity index entry is gone,
-- nothing links a customer id to the request any more.
CREATE TABLE "erasure_requests" (
    "id" UUID NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "pseudonym" UUID,
    "requested_by" TEXT NOT NULL,
    "removed" JSONB NOT NULL DEFAULT '{}',
    "error" TEXT,
    "requested_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completed_at" TIMESTAMPTZ(3),
    CONSTRAINT "erasure_requests_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "erasure_requests_status_check" CHECK ("status" IN ('pending', 'running', 'done', 'failed'))
);
