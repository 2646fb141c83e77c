import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { AppConfig } from '../../config/app-config.js';
import { JobName, QueueName } from '../../infra/queue/queue-names.js';
import { NEVER_FAIL_STALLED, QueueWorkers } from '../../infra/queue/queue-workers.js';
import type { TimerJob } from './campaign-launcher.service.js';
import { CampaignStatusService } from './campaign-status.service.js';

/** Campaign timers: the start of a scheduled campaign and the end of any, where the fan-out workers run. */
@Injectable()
export class CampaignTimerProcessor implements OnApplicationBootstrap {
  constructor(
    private readonly config: AppConfig,
    private readonly workers: QueueWorkers,
    private readonly status: CampaignStatusService,
    @InjectQueue(QueueName.CampaignTimer) private readonly timers: Queue<TimerJob>,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.workers.enabled) return;
    const options = {
      lockDuration: this.config.campaigns.jobLockMs,
      stalledInterval: this.config.campaigns.stalledIntervalMs,
      maxStalledCount: NEVER_FAIL_STALLED,
      concurrency: 1,
    };
    this.workers.start(this.timers, { process: (job) => this.run(job), options });
  }

  private async run(job: Job<TimerJob>): Promise<void> {
    await this.status.onTimer(job.data.campaignId, job.name === (JobName.CampaignStart as string) ? 'start' : 'complete');
  }
}
