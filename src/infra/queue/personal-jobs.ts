import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';

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
 * Returns the ids of the jobs removed.
 */
export async function removeIdleJobsOf(queue: Queue<PersonalJobData>, pseudonym: string): Promise<string[]> {
  const counts = await queue.getJobCounts(...STATES);
  const total = STATES.reduce((n, state) => n + (counts[state] ?? 0), 0);
  if (total === 0) return [];
  const ids: string[] = [];
  for (let start = 0; start < total; start += PAGE) {
    const jobs = await queue.getJobs([...STATES], start, start + PAGE - 1);
    for (const job of jobs) if (job?.id && job.data?.pseudonym === pseudonym) ids.push(job.id);
    if (jobs.length === 0) break;
  }
  const removed: string[] = [];
  for (const id of ids) if (await queue.remove(id)) removed.push(id);
  return removed;
}

/**
 * Events a queue whose job ids name a delivery (offer-record, push) keeps in its stream: few, so
 * that an erasure reads them whole (BullMQ keeps 10,000 by default, and Panier reads none).
 */
export const PERSONAL_QUEUE_EVENTS = 1000;

/**
 * Erasure of a queue's events about these jobs (added, completed, removed…): the stream keeps
 * their ids after the jobs themselves are gone. Run after removing the jobs, whose removal is an
 * event too.
 */
export async function removeJobEvents(queue: Queue, jobIds: ReadonlySet<string>): Promise<number> {
  if (jobIds.size === 0) return 0;
  // The Redis backend's client is ioredis (BullMQ types it by the commands it uses itself).
  const client = (await queue.getBackend().client) as unknown as Redis;
  const doomed: string[] = [];
  for (let start = '-'; ;) {
    const entries = await client.xrange(queue.keys.events, start, '+', 'COUNT', PAGE);
    for (const [id, fields] of entries) if (fields.some((f) => jobIds.has(f))) doomed.push(id);
    if (entries.length < PAGE) break;
    start = `(${entries[entries.length - 1][0]}`;
  }
  if (doomed.length > 0) await client.xdel(queue.keys.events, ...doomed);
  return doomed.length;
}
