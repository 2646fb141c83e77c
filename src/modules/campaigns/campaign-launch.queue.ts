import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { AppConfig } from '../../config/app-config.js';
import { untilDoneJobOptions } from '../../infra/queue/job-options.js';
import { JobName, QueueName, jobId } from '../../infra/queue/queue-names.js';

/** A launch job: fixes the audience of a campaign just launched, publishes its runtime state and enqueues its chunks. */
export interface LaunchJob {
  campaignId: string;
}

const POLL_MS = 20;

/**
 * The launch jobs, one per campaign (deterministic id). The launch request moves the status and
 * enqueues the job; the job's work is idempotent (CampaignLauncher.fixAudience), so a retried or
 * taken-over job simply finishes it.
 */
@Injectable()
export class CampaignLaunchQueue {
  constructor(
    private readonly config: AppConfig,
    @InjectQueue(QueueName.CampaignLaunch) private readonly queue: Queue<LaunchJob>,
  ) {}

  async enqueue(campaignId: string): Promise<void> {
    await this.queue.add(JobName.CampaignLaunch, { campaignId }, { jobId: launchJobId(campaignId), ...untilDoneJobOptions(this.config) });
  }

  /** Waits until the campaign's launch job has completed, at most `ms`; whether it has. */
  async settled(campaignId: string, ms: number): Promise<boolean> {
    const deadline = Date.now() + ms;
    for (;;) {
      const state = await this.queue.getJobState(launchJobId(campaignId));
      // 'unknown': already removed, which only happens to completed jobs (removeOnComplete).
      if (state === 'completed' || state === 'unknown') return true;
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await new Promise((resolve) => setTimeout(resolve, Math.min(POLL_MS, left)));
    }
  }
}

function launchJobId(campaignId: string): string {
  return jobId('camp', campaignId, 'launch');
}
