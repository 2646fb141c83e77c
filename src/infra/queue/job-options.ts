import type { JobsOptions } from 'bullmq';
import type { AppConfig } from '../../config/app-config.js';

/**
 * Options of jobs that must never fail for good (a campaign's launch and fan-out chunks): retried
 * until done, since every step is idempotent and an attempt is cheap. Other queues take the
 * defaults of QueueModule (JOB_ATTEMPTS, JOB_BACKOFF_MS) or their own settings (push).
 */
export function untilDoneJobOptions(config: AppConfig): Pick<JobsOptions, 'attempts' | 'backoff'> {
  return { attempts: config.campaigns.jobAttempts, backoff: { type: 'fixed', delay: config.campaigns.jobRetryMs } };
}
