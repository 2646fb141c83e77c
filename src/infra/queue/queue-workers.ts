import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { type Job, type Queue, Worker, type WorkerOptions } from 'bullmq';
import { AppConfig } from '../../config/app-config.js';

/**
 * For `maxStalledCount`: a job whose worker died is taken over, never failed for stalling (its
 * work is idempotent and its lock short).
 */
export const NEVER_FAIL_STALLED = 1_000_000;

/** A queue's handler and what sets its worker apart. */
export interface WorkerRegistration<T> {
  /** One attempt of a job: thin, one service call. */
  process: (job: Job<T>, token?: string) => Promise<unknown>;
  /** BullMQ worker options beyond the queue's connection and prefix (concurrency, limiter, locks…). */
  options?: Partial<WorkerOptions>;
  /** After a failed attempt (the last one included); the default logs it without the job's data. */
  onFailed?: (job: Job<T>, error: Error) => Promise<void>;
}

/**
 * The one way Panier builds a BullMQ worker: only in a process whose ROLE runs workers (`worker`
 * or `all`), on the queue's own connection and prefix, its failures and errors logged without job
 * data (it may name a shopper's pseudonym), and every worker closed first on shutdown, before the
 * pools it uses, letting running jobs finish.
 */
@Injectable()
export class QueueWorkers implements OnModuleDestroy {
  private readonly logger = new Logger(QueueWorkers.name);
  private readonly workers: Worker[] = [];

  constructor(private readonly config: AppConfig) {}

  /** Whether this process runs workers (and what goes with them: sweeps, repairs). */
  get enabled(): boolean {
    return this.config.worker.enabled;
  }

  /** The queue's worker, or undefined in a process whose role runs none. */
  start<T>(queue: Queue<T>, registration: WorkerRegistration<T>): Worker<T> | undefined {
    if (!this.enabled) return undefined;
    const worker = new Worker<T>(queue.name, registration.process, {
      connection: queue.opts.connection,
      prefix: queue.opts.prefix,
      ...registration.options,
    });
    worker.on('failed', (job, error) => {
      if (!job) return;
      const onFailed = registration.onFailed ?? ((failed: Job<T>, e: Error) => this.logFailure(queue.name, failed, e));
      onFailed(job, error).catch((e: unknown) =>
        this.logger.error({ err: e, queue: queue.name, jobId: job.id }, 'job failure handler failed'),
      );
    });
    worker.on('error', (error) => this.logger.error({ err: error }, `${queue.name} worker error`));
    this.workers.push(worker as Worker);
    return worker;
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.workers.splice(0).map((w) => w.close()));
  }

  private async logFailure(queue: string, job: Job, error: Error): Promise<void> {
    const final = job.attemptsMade >= (job.opts.attempts ?? 1);
    this.logger.warn(
      { err: error, jobId: job.id, attempts: job.attemptsMade },
      final ? `${queue} job failed for good` : `${queue} job failed; it will be retried`,
    );
  }
}
