import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { JobName, QueueName } from '../../infra/queue/queue-names.js';
import { QueueWorkers } from '../../infra/queue/queue-workers.js';
import { PopulationStatsService } from './population-stats.service.js';

const SCHEDULER_ID = 'population-stats';
const EVERY_MS = 24 * 3_600_000;

/**
 * Rebuilds the reminders' population stats once a day (one scheduler for the deployment, upserted
 * by every instance; its first run comes at once). A run only reads and overwrites one value, so
 * running twice is harmless; the queue's global concurrency of 1 keeps runs from overlapping.
 */
@Injectable()
export class PopulationStatsProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger(PopulationStatsProcessor.name);

  constructor(
    private readonly workers: QueueWorkers,
    private readonly population: PopulationStatsService,
    @InjectQueue(QueueName.PopulationStats) private readonly queue: Queue,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.workers.start(this.queue, { process: (job) => this.process(job) });
    try {
      await this.queue.setGlobalConcurrency(1);
      await this.queue.upsertJobScheduler(SCHEDULER_ID, { every: EVERY_MS }, { name: JobName.PopulationStatsBuild, data: {} });
    } catch (error) {
      // Redis down at start-up: readiness reports it; the next start schedules again.
      this.logger.error({ err: error }, 'could not schedule the population stats job');
    }
  }

  private async process(_job: Job): Promise<{ shoppers: number; items: number; bytes: number }> {
    const built = await this.population.rebuild();
    this.logger.log(`population stats: ${built.items} items from ${built.shoppers} shoppers, ${built.bytes} bytes`);
    return built;
  }
}
