import { randomUUID } from 'node:crypto';
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { withCorrelation } from '../../common/logging/correlation.js';
import { JobName, QueueName, jobId } from '../../infra/queue/queue-names.js';
import { QueueWorkers } from '../../infra/queue/queue-workers.js';
import { ProfilesRepository } from './profiles.repository.js';
import { ProfilesService } from './profiles.service.js';

/**
 * One step of a rebuild run: the shoppers whose pseudonym falls in range `range` of `ranges`
 * equal slices of the pseudonym space. The cursor is a number, never a pseudonym: job ids and
 * data stay in Redis after the run, and an erased shopper's pseudonym must not.
 */
export interface ProfileRebuildJob {
  runId: string;
  range?: number;
  ranges?: number;
  rebuilt: number;
}

/** Shoppers per range on average (pseudonyms are random UUIDs, so ranges are about even), and per query within one. */
const PAGE = 1000;

/** Starts a full rebuild of every shopper's habit profile (after a large import, or on demand). */
@Injectable()
export class ProfileRebuildScheduler {
  constructor(@InjectQueue(QueueName.ProfileRebuild) private readonly queue: Queue<ProfileRebuildJob>) {}

  async start(): Promise<string> {
    const runId = randomUUID();
    await this.queue.add(JobName.ProfileRebuild, { runId, range: 0, rebuilt: 0 }, { jobId: jobId('rebuild', runId, 'start') });
    return runId;
  }
}

/**
 * Walks all shoppers a range per job, so that a run over millions of shoppers is resumable after
 * a crash and never holds one long job. Each range enqueues the next with a deterministic id;
 * rebuilding a range twice gives the same profiles. The number of ranges is fixed by the first
 * job from the count of shoppers.
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
      const range = job.data.range ?? 0;
      const ranges = job.data.ranges ?? Math.max(1, Math.ceil((await this.repository.shopperCount()) / PAGE));
      const [from, to] = pseudonymRange(range, ranges);
      let rebuilt = job.data.rebuilt;
      // Within the range the cursor lives in memory only.
      let after = from;
      for (;;) {
        const page = await this.repository.shopperPage(after, to, PAGE);
        if (page.length > 0) await this.profiles.rebuild(page);
        rebuilt += page.length;
        if (page.length < PAGE) break;
        after = page[page.length - 1];
      }
      if (range + 1 >= ranges) {
        this.logger.log(`profile rebuild ${job.data.runId} done: ${rebuilt} shoppers`);
        return { rebuilt, done: true };
      }
      await this.queue.add(
        JobName.ProfileRebuild,
        { runId: job.data.runId, range: range + 1, ranges, rebuilt },
        { jobId: jobId('rebuild', job.data.runId, range + 1) },
      );
      return { rebuilt, done: false };
    });
  }
}

/**
 * Range `i` of `n` over the UUID space, split on the first 32 bits: pseudonyms above `from`
 * (none for the first range) and below `to` (none for the last). The bounds end in zeros, which
 * no random (version 4) UUID does, so no pseudonym falls on one.
 */
export function pseudonymRange(i: number, n: number): [string | undefined, string | undefined] {
  const bound = (k: number) =>
    `${Math.floor((k * 2 ** 32) / n)
      .toString(16)
      .padStart(8, '0')}-0000-0000-0000-000000000000`;
  return [i === 0 ? undefined : bound(i), i + 1 >= n ? undefined : bound(i + 1)];
}
