-- Launching is a job: the HTTP call moves the status and answers, the launch job then fixes the
-- audience. This stamp, set in the audience's own transaction, says it is fixed (a retried launch
-- job does not fix it twice, and a broadcast cannot be complete before it is).
ALTER TABLE "campaigns" ADD COLUMN "audience_fixed_at" TIMESTAMPTZ(3);

-- Campaigns launched before this migration had their audience fixed by the launch request itself:
-- stamp them, so that their completion check and a resume after a pause treat them as fixed.
UPDATE "campaigns" SET "audience_fixed_at" = "launched_at" WHERE "launched_at" IS NOT NULL;
