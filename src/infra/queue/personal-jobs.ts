import type { Queue } from 'bullmq';

/** Job data that names a shopper. */
export interface PersonalJobData {
  pseudonym?: string;
}

const PAGE = 500;

/** Job states scanned: kept after the end (failed, completed) or waiting for a retry (delayed). */
const STATES = ['failed', 'completed', 'delayed'] as const;

/**
 * Erasure of a queue's jobs that name the shopper and will not run soon: failed jobs (kept for
 * diagnosis), completed ones still kept, and those waiting for a retry (which would store data
 * again after the first pass), since job data in Redis is personal data like any other. Jobs
 * about to run are left alone: what they store is removed by the erasure's second pass. Reads the
 * jobs page by page, so the queues using it keep few of them (see their removeOnFail); in the
 * usual state (none failed or retrying, completed ones removed at once) it costs one count.
 */
export async function removeIdleJobsOf(queue: Queue<PersonalJobData>, pseudonym: string): Promise<number> {
  const counts = await queue.getJobCounts(...STATES);
  const total = STATES.reduce((n, state) => n + (counts[state] ?? 0), 0);
  if (total === 0) return 0;
  const ids: string[] = [];
  for (let start = 0; start < total; start += PAGE) {
    const jobs = await queue.getJobs([...STATES], start, start + PAGE - 1);
    for (const job of jobs) if (job?.id && job.data?.pseudonym === pseudonym) ids.push(job.id);
    if (jobs.length === 0) break;
  }
  let removed = 0;
  for (const id of ids) removed += (await queue.remove(id)) ? 1 : 0;
  return removed;
}
