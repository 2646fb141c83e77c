import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DelayedError, type Job, type Queue } from 'bullmq';
import { AppConfig } from '../../config/app-config.js';
import { QueueName } from '../../infra/queue/queue-names.js';
import { NEVER_FAIL_STALLED, QueueWorkers } from '../../infra/queue/queue-workers.js';
import { OffersMetrics } from '../offers/offers.metrics.js';
import { CampaignChunkSender, type ChunkOutcome } from './campaign-chunk.sender.js';
import type { ChunkJob } from './campaign-chunk.queue.js';
import { CampaignLaunchQueue, type LaunchJob } from './campaign-launch.queue.js';
import { CampaignLauncher } from './campaign-launcher.service.js';
import { CampaignsRepository } from './campaigns.repository.js';

/** How often workers look for launched campaigns that lost their launch job. */
const LAUNCH_SWEEP_MS = 60_000;

/**
 * The fan-out workers: launch jobs and chunks. Their pacing and stall detection are settings: the
 * rate limiter (CAMPAIGN_SEND_RATE, shared by every worker of the queue) keeps a big fan-out from
 * starving live carts, and a short lock with a frequent stall check means a killed worker's chunk
 * is picked up by another within seconds. They run where ROLE is `worker` or `all`. What a chunk
 * did is reported by events.
 */
@Injectable()
export class CampaignFanOutProcessor implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(CampaignFanOutProcessor.name);
  private sweep?: NodeJS.Timeout;

  constructor(
    private readonly config: AppConfig,
    private readonly workers: QueueWorkers,
    private readonly sender: CampaignChunkSender,
    private readonly launcher: CampaignLauncher,
    private readonly metrics: OffersMetrics,
    private readonly campaigns: CampaignsRepository,
    private readonly launchQueue: CampaignLaunchQueue,
    @InjectQueue(QueueName.CampaignDispatch) private readonly chunks: Queue<ChunkJob>,
    @InjectQueue(QueueName.CampaignLaunch) private readonly launches: Queue<LaunchJob>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.workers.enabled) return;
    const locks = {
      lockDuration: this.config.campaigns.jobLockMs,
      stalledInterval: this.config.campaigns.stalledIntervalMs,
      maxStalledCount: NEVER_FAIL_STALLED,
    };
    const pace =
      this.config.campaigns.sendRate > 0
        ? {
            limiter: {
              max: 1,
              duration: Math.max(1, Math.ceil((this.config.campaigns.chunkSize * 1000) / this.config.campaigns.sendRate)),
            },
          }
        : {};
    this.workers.start(this.chunks, {
      process: (job, token) => this.runChunk(job, token),
      options: { ...locks, concurrency: this.config.campaigns.workerConcurrency, ...pace },
    });
    this.workers.start(this.launches, {
      process: (job) => this.launcher.runLaunchJob(job.data.campaignId),
      options: { ...locks, concurrency: 1 },
    });
    const sweep = () => this.recoverLaunches().catch((error: unknown) => this.logger.warn({ err: error }, 'launch sweep failed'));
    // The first sweep is part of start-up (awaited), the next ones run every minute.
    await sweep();
    this.sweep = setInterval(() => void sweep(), LAUNCH_SWEEP_MS).unref();
  }

  /**
   * A launch request commits the status change, then enqueues the launch job: if it died in
   * between (process killed, Redis unreachable), the campaign would stay live with no audience and
   * could not be launched again. Enqueueing the job again is safe (deterministic id, idempotent
   * work), so workers do it at start and every minute. Returns the campaigns it enqueued.
   */
  async recoverLaunches(): Promise<string[]> {
    const ids = await this.campaigns.launchedWithoutAudience();
    for (const id of ids) await this.launchQueue.enqueue(id);
    if (ids.length > 0) this.logger.log({ campaigns: ids }, 'launch jobs enqueued again for campaigns without an audience');
    return ids;
  }

  onModuleDestroy(): void {
    clearInterval(this.sweep);
  }

  private async runChunk(job: Job<ChunkJob>, token?: string): Promise<ChunkOutcome> {
    const outcome = await this.sender.send(job.data.campaignId, job.data.chunk);
    if (outcome.kind === 'defer') {
      // Put off, not lost: the same job comes back at `until` (end of quiet hours, or the start).
      this.metrics.deferrals.inc({ reason: outcome.reason });
      await job.moveToDelayed(outcome.until, token);
      throw new DelayedError();
    }
    return outcome;
  }
}
