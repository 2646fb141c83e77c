import { randomUUID } from 'node:crypto';
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { withCorrelation } from '../../common/logging/correlation.js';
import { JobName, QueueName, jobId } from '../../infra/queue/queue-names.js';
import { QueueWorkers } from '../../infra/queue/queue-workers.js';
import { ProfilesRepository } from './profiles.repository.js';
import { ProfilesService } from './profiles.service.js';

/** One page of a rebuild run: shoppers after `after`, in pseudonym order. */
export interface ProfileRebuildJob {
  runId: string;
  after?: string;
  rebuilt: number;
}

const PAGE = 1000;

/** Starts a full rebuild of every shopper's habit profile (after a large import, or on demand). */
@Injectable()
export class ProfileRebuildScheduler {
  constructor(@InjectQueue(QueueName.ProfileRebuild) private readonly queue: Queue<ProfileRebuildJob>) {}

  async start(): Promise<string> {
    const runId = randomUUID();
    await this.queue.add(JobName.ProfileRebuild, { runId, rebuilt: 0 }, { jobId: jobId('rebuild', runId, 'start') });
    return runId;
  }
}

/**
 * Walks all shoppers a page per job, so that a run over millions of shoppers is resumable after
 * a crash and never holds one long job. Each page enqueues the next with a deterministic id;
 * rebuilding a page twice gives the same profiles.
 */
@Injectable()
export class ProfileRebuildProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger(ProfileRebuildProcessor.name);

  constructor(
    private readonly workers: QueueWorkers,
    private readonly profiles: ProfilesService,
    private readonly repository: ProfilesRepository,
    @InjectQueue(QueueName.ProfileRebuild) private readonly queue: Queue<ProfileRebuildJob>,
  ) {}

  onApplicationBootstrap(): void {
    this.workers.start(this.queue, { process: (job) => this.process(job) });
  }

  private async process(job: Job<ProfileRebuildJob>): Promise<{ rebuilt: number; done: boolean }> {
    return withCorrelation(job.data.runId, async () => {
      const page = await this.repository.shopperPage(job.data.after, PAGE);
      await this.profiles.rebuild(page);
      const rebuilt = job.data.rebuilt + page.length;
      if (page.length < PAGE) {
        this.logger.log(`profile rebuild ${job.data.runId} done: ${rebuilt} shoppers`);
        return { rebuilt, done: true };
      }
      const after = page[page.length - 1];
      await this.queue.add(
        JobName.ProfileRebuild,
        { runId: job.data.runId, after, rebuilt },
        { jobId: jobId('rebuild', job.data.runId, after) },
      );
      return { rebuilt, done: false };
    });
  }
}
