import { randomUUID } from 'node:crypto';
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { withCorrelation } from '../../common/logging/correlation.js';
import { AppConfig } from '../../config/app-config.js';
import { JobName, QueueName, jobId } from '../../infra/queue/queue-names.js';
import { QueueWorkers } from '../../infra/queue/queue-workers.js';
import { type RetentionOutcome, RetentionService } from './retention.service.js';

const SCHEDULER_ID = 'retention';

/** Starts retention runs: on the schedule (RETENTION_RUN_EVERY_HOURS) or on request. */
@Injectable()
export class RetentionScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(RetentionScheduler.name);

  constructor(
    private readonly config: AppConfig,
    @InjectQueue(QueueName.Retention) private readonly queue: Queue,
  ) {}

  /**
   * One scheduler for the whole deployment (same id from every instance: upserted, not
   * duplicated; its first run comes at once). An instance with RETENTION_RUN_EVERY_HOURS=0 leaves
   * the schedule alone. Runs never overlap: the queue's global concurrency is 1.
   */
  async onApplicationBootstrap(): Promise<void> {
    const hours = this.config.privacy.retentionRunEveryHours;
    try {
      await this.queue.setGlobalConcurrency(1);
      if (hours > 0)
        await this.queue.upsertJobScheduler(SCHEDULER_ID, { every: hours * 3_600_000 }, { name: JobName.RetentionRun, data: {} });
    } catch (error) {
      // Redis down at start-up: readiness reports it; the next start schedules again.
      this.logger.error({ err: error }, 'could not schedule the retention job');
    }
  }

  /** A run now (POST /v1/privacy/retention/run); returns its id. */
  async runNow(): Promise<string> {
    const runId = jobId('retention', randomUUID());
    await this.queue.add(JobName.RetentionRun, {}, { jobId: runId });
    return runId;
  }
}

@Injectable()
export class RetentionProcessor implements OnApplicationBootstrap {
  constructor(
    private readonly workers: QueueWorkers,
    private readonly retention: RetentionService,
    @InjectQueue(QueueName.Retention) private readonly queue: Queue,
  ) {}

  onApplicationBootstrap(): void {
    this.workers.start(this.queue, { process: (job) => this.process(job) });
  }

  private async process(job: Job): Promise<RetentionOutcome> {
    // The run id is the job id (`retention-<uuid>` on request, BullMQ's own for scheduled runs).
    const runId = String(job.id);
    return withCorrelation(runId, () => this.retention.run(runId));
  }
}
