import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { withCorrelation } from '../../common/logging/correlation.js';
import { QueueName } from '../../infra/queue/queue-names.js';
import { QueueWorkers } from '../../infra/queue/queue-workers.js';
import { type ErasureJob, ErasureService } from './erasure.service.js';

const SWEEP_MS = 60_000;

/** Runs erasure jobs; every minute, gives a new job to requests left open (see ErasureService.sweep). */
@Injectable()
export class ErasureProcessor implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ErasureProcessor.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly workers: QueueWorkers,
    private readonly erasure: ErasureService,
    @InjectQueue(QueueName.Erasure) private readonly queue: Queue<ErasureJob>,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.workers.enabled) return;
    this.workers.start(this.queue, { process: (job) => this.process(job), onFailed: (job, error) => this.onFailed(job, error) });
    this.timer = setInterval(() => void this.sweep(), SWEEP_MS).unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  private async process(job: Job<ErasureJob>): Promise<void> {
    await withCorrelation(job.data.requestId, () => this.erasure.run(job.data.requestId, job.data.pass ?? 1));
  }

  /** The last attempt failed: the request ends `failed` (earlier attempts are retried). */
  private async onFailed(job: Job<ErasureJob>, error: Error): Promise<void> {
    this.logger.warn({ err: error, jobId: job.id, attempts: job.attemptsMade }, 'erasure job failed');
    if (job.attemptsMade < (job.opts.attempts ?? 1)) return;
    this.logger.error({ err: error, requestId: job.data.requestId }, 'erasure failed after every attempt');
    await this.erasure
      .markFailed(job.data.requestId)
      .catch((e: unknown) => this.logger.error({ err: e }, 'could not mark an erasure failed'));
  }

  private async sweep(): Promise<void> {
    try {
      const n = await this.erasure.sweep();
      if (n > 0) this.logger.warn(`${n} erasure request(s) enqueued again`);
    } catch (error) {
      this.logger.warn({ err: error }, 'erasure sweep failed');
    }
  }
}
