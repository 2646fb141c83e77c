import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { AppConfig } from '../../config/app-config.js';
import { untilDoneJobOptions } from '../../infra/queue/job-options.js';
import { JobName, QueueName, jobId } from '../../infra/queue/queue-names.js';
import { CampaignDispatchStore } from './campaign-dispatch.store.js';

/** A fan-out job: one chunk of a campaign's treated shoppers. */
export interface ChunkJob {
  campaignId: string;
  chunk: number;
}

const ADD_BATCH = 1000;
const REMOVE_BATCH = 200;

/**
 * The fan-out jobs of broadcasts. Each launch or resume enqueues the chunks still undecided under
 * a new generation (its time, stored with the campaign), so job ids stay deterministic yet a
 * resumed chunk is never mistaken for the completed job of an earlier run. A pause or the end
 * removes the waiting jobs instead of letting them spin: they would use up the rate limiter
 * that paces every campaign. Nothing is lost by removing them: PostgreSQL says which shoppers
 * are undecided, and resume enqueues their chunks again.
 */
@Injectable()
export class CampaignChunkQueue {
  constructor(
    private readonly config: AppConfig,
    private readonly dispatchState: CampaignDispatchStore,
    @InjectQueue(QueueName.CampaignDispatch) private readonly queue: Queue<ChunkJob>,
  ) {}

  /** Chunk jobs wait for startsAt; pacing is the workers' rate limiter (CAMPAIGN_SEND_RATE). */
  async enqueue(campaignId: string, chunks: number[], startsAt: Date): Promise<void> {
    const generation = Date.now();
    await this.dispatchState.setGeneration(campaignId, generation);
    const delay = Math.max(0, startsAt.getTime() - Date.now());
    for (let i = 0; i < chunks.length; i += ADD_BATCH) {
      await this.queue.addBulk(
        chunks.slice(i, i + ADD_BATCH).map((chunk) => ({
          name: JobName.CampaignChunkSend,
          data: { campaignId, chunk },
          opts: { jobId: chunkJobId(campaignId, generation, chunk), delay, ...untilDoneJobOptions(this.config) },
        })),
      );
    }
  }

  /** The chunks not done yet, from Redis (undefined when that state was lost: ask PostgreSQL). */
  async openChunks(campaignId: string): Promise<number[] | undefined> {
    return (await this.dispatchState.chunkPlan(campaignId)).open;
  }

  /** Removes the campaign's waiting and delayed chunk jobs (a running one stops at its next decision). */
  async drop(campaignId: string): Promise<void> {
    const { generation, open } = await this.dispatchState.chunkPlan(campaignId);
    if (generation === undefined || !open) return;
    for (let i = 0; i < open.length; i += REMOVE_BATCH) {
      // remove() refuses a locked (running) job, which is fine: it stops at its next decision.
      await Promise.all(
        open.slice(i, i + REMOVE_BATCH).map((chunk) => this.queue.remove(chunkJobId(campaignId, generation, chunk)).catch(() => 0)),
      );
    }
  }
}

function chunkJobId(campaignId: string, generation: number, chunk: number): string {
  return jobId('camp', campaignId, 'g', generation, 'chunk', chunk);
}
