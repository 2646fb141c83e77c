import type { Queue } from 'bullmq';

/** Job data that names a shopper. */
export interface PersonalJobData {
  pseudonym?: string;
}

const PAGE = 500;

/**
 * Erasure of a queue's finished jobs that name the shopper: failed jobs (kept for diagnosis, up to
 * JOB_KEEP_FAILED) and completed ones still kept, since job data in Redis is personal data like
 * any other. Jobs still to run are left alone: what they store is removed by the erasure's second
 * pass. Reads the finished jobs page by page; in the usual state (none failed, completed ones
 * removed at once) it costs two counts.
 */
export async function removeFinishedJobsOf(queue: Queue<PersonalJobData>, pseudonym: string): Promise<number> {
  const finished = await queue.getJobCounts('failed', 'completed');
  const total = (finished.failed ?? 0) + (finished.completed ?? 0);
  if (total === 0) return 0;
  const ids: string[] = [];
  for (let start = 0; start < total; start += PAGE) {
    const jobs = await queue.getJobs(['failed', 'completed'], start, start + PAGE - 1);
    for (const job of jobs) if (job?.id && job.data?.pseudonym === pseudonym) ids.push(job.id);
    if (jobs.length === 0) break;
  }
  let removed = 0;
  for (const id of ids) removed += (await queue.remove(id)) ? 1 : 0;
  return removed;
}
