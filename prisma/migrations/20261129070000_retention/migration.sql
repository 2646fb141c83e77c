-- Retention (RETENTION_PURCHASE_DAYS, RETENTION_INACTIVE_DAYS): a run first notes which shoppers
-- have purchases about to be purged, purges them, then rebuilds those shoppers' habit profiles
-- (a profile must not keep what the purge removed) a page at a time, deleting each page once done,
-- so that a run interrupted anywhere resumes where it stopped.
CREATE TABLE "retention_pending_profiles" (
    "pseudonym" UUID NOT NULL,
    CONSTRAINT "retention_pending_profiles_pkey" PRIMARY KEY ("pseudonym")
);

-- At most one open erasure request per shopper (two clicks, or retention meeting a shopper's own
-- request, make one erasure); a failed request stays open: it is tried again.
CREATE UNIQUE INDEX "erasure_requests_open_pseudonym_key" ON "erasure_requests" ("pseudonym")
    WHERE "status" IN ('pending', 'running', 'failed');
