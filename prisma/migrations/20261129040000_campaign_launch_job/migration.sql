-- Launching is a job: the HTTP call moves the status and answers, the launch job then fixes the
-- audience. This stamp, set in the audience's own transaction, says it is fixed (a retried launch
-- job does not fix it twice, and a broadcast cannot be complete before it is).
ALTER TABLE "campaigns" ADD COLUMN "audience_fixed_at" TIMESTAMPTZ(3);
