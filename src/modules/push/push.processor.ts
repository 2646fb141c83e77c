import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DelayedError, type Job, type Queue } from 'bullmq';
import { AppConfig } from '../../config/app-config.js';
import { QueueName } from '../../infra/queue/queue-names.js';
import { NEVER_FAIL_STALLED, QueueWorkers } from '../../infra/queue/queue-workers.js';
import { retryDelay } from './domain/push-outcome.js';
import { PushProgressError, PushSender } from './push.sender.js';
import { type PushJob, PushService } from './push.service.js';
import { PushProviders } from './push-providers.service.js';

/** How often, and after how long pending, pushes are looked at again (sends normally settle in seconds). */
const SWEEP_EVERY_MS = 5 * 60_000;
const SWEEP_AFTER_MS = 10 * 60_000;

/** Thrown to retry a push send: devices are left to try, in `delayMs` (decided by PushSender). */
export class PushRetryError extends Error {
  constructor(readonly delayMs: number) {
    super('push send to be retried');
    this.name = 'PushRetryError';
  }
}

/**
 * The push worker, built from configuration (concurrency, a retry strategy that honours
 * Retry-After) like the campaign workers, and running where they do (ROLE `worker` or `all`),
 * only when a provider is configured. Thin: one attempt of PushSender,
 * the devices reached remembered in the job before a retry.
 */
@Injectable()
export class PushProcessor implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(PushProcessor.name);
  private sweeper?: NodeJS.Timeout;

  constructor(
    private readonly config: AppConfig,
    private readonly workers: QueueWorkers,
    private readonly sender: PushSender,
    private readonly push: PushService,
    private readonly providers: PushProviders,
    @InjectQueue(QueueName.Push) private readonly queue: Queue<PushJob>,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.workers.enabled || !this.providers.configured) return;
    this.workers.start(this.queue, {
      process: (job, token) => this.run(job, token),
      onFailed: (job, error) => this.onFailed(job, error),
      options: {
        concurrency: this.config.push.concurrency,
        // A stalled send is taken over, never failed for stalling: the pending status is its once key.
        maxStalledCount: NEVER_FAIL_STALLED,
        // A retry asked by the sender comes when it says (backoff, Retry-After, quiet hours); an unexpected error backs off.
        settings: {
          backoffStrategy: (attemptsMade: number, _type?: string, error?: Error) =>
            error instanceof PushRetryError
              ? error.delayMs
              : retryDelay(attemptsMade, this.config.push.backoffMs, this.config.push.maxRetryDelayMs),
        },
      },
    });
    this.sweeper = setInterval(() => void this.sweep(), SWEEP_EVERY_MS).unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }

  /** Pending pushes left behind (a lost job, a failure not recorded): see PushService.sweep. */
  async sweep(olderThanMs = SWEEP_AFTER_MS): Promise<{ enqueued: number; settled: number }> {
    try {
      const outcome = await this.push.sweep(olderThanMs, (job) => this.sender.giveUp(job));
      if (outcome.enqueued + outcome.settled > 0) this.logger.warn(outcome, 'push sweep: pending pushes taken up again');
      return outcome;
    } catch (error) {
      this.logger.warn({ err: error }, 'push sweep failed');
      return { enqueued: 0, settled: 0 };
    }
  }

  private async run(job: Job<PushJob>, token?: string): Promise<void> {
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const attempt = await this.sender.attempt(job.data, { attemptsMade: job.attemptsMade, lastAttempt }).catch(async (error: unknown) => {
      if (error instanceof PushProgressError) await job.updateData({ ...job.data, sent: error.sent });
      throw error;
    });
    if (!attempt || attempt.kind === 'settled') return;
    if (attempt.kind === 'deferred') {
      // Quiet hours: the same job comes back at their end, without using an attempt.
      await job.moveToDelayed(attempt.until, token);
      throw new DelayedError();
    }
    await job.updateData({ ...job.data, sent: attempt.sent });
    throw new PushRetryError(attempt.delayMs);
  }

  /** Logs without the job's data; after the last attempt of an unexpected error, the push is settled `failed`. */
  private async onFailed(job: Job<PushJob>, error: Error): Promise<void> {
    const final = job.attemptsMade >= (job.opts.attempts ?? 1) || (await job.isFailed().catch(() => false));
    if (!(error instanceof PushRetryError))
      this.logger.warn(
        { err: error, jobId: job.id, attempts: job.attemptsMade },
        final ? 'push send failed for good' : 'push send failed; it will be retried',
      );
    if (!final || error instanceof PushRetryError) return;
    await this.sender
      .giveUp(job.data)
      .catch((e: unknown) => this.logger.error({ err: e, jobId: job.id }, 'could not record a failed push send'));
  }
}
