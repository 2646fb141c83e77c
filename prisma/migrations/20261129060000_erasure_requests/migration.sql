-- Erasure requests (GDPR Art. 17): what is kept once a shopper's data is gone is the request
-- itself, who asked, when, how it ended and how much was removed. The pseudonym is needed only
-- while the erasure runs; it is cleared when it is done (the audit trail's erasure event is the
-- proof of whose data was erased, for a regulator who brings the customer id).
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
