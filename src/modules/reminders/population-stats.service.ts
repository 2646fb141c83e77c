import { randomBytes } from 'node:crypto';
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { RedisKeys } from '../../infra/redis/redis-keys.js';
import { RedisService } from '../../infra/redis/redis.service.js';
import { ProfilesService } from '../profiles/profiles.service.js';
import { decodePopulation, encodePopulation } from './domain/population-codec.js';
import { PopulationStatsBuilder, type PopulationStats, populationStatsBytes } from './domain/population-stats.js';

/** Shoppers sampled for the stats: plenty for per-item figures, a bounded read whatever the population. */
export const POPULATION_SAMPLE_SHOPPERS = 50_000;
/** How often an instance checks the stamp for fresher stats (one GET). */
const REFRESH_MS = 10 * 60_000;

/**
 * The population stats the ranker reads (domain/population-stats.ts): built in bulk by a worker
 * job from a sample of shoppers, stored in Redis as one binary value, and held in memory by every
 * instance, which reloads them when their stamp moves. Never read on the cart path: the ranker
 * gets what this instance holds, or nothing until the first load.
 */
@Injectable()
export class PopulationStatsService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(PopulationStatsService.name);
  private stats: PopulationStats | undefined;
  private stamp: string | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly redis: RedisService,
    private readonly profiles: ProfilesService,
  ) {}

  /** The stats this instance holds, if any. */
  get current(): PopulationStats | undefined {
    return this.stats;
  }

  onApplicationBootstrap(): void {
    // In the background: an instance serves carts (on the shopper's history alone) before the stats arrive.
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), REFRESH_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** Loads the stored stats when their stamp moved; returns whether this instance holds stats. */
  async refresh(): Promise<boolean> {
    try {
      const stamp = (await this.redis.client.get(RedisKeys.populationStamp)) ?? undefined;
      if (stamp === undefined || stamp === this.stamp) return this.stats !== undefined;
      const bytes = await this.redis.client.getBuffer(RedisKeys.populationStats);
      if (bytes) [this.stats, this.stamp] = [decodePopulation(bytes), stamp];
    } catch (error) {
      this.logger.warn({ err: error }, 'could not load the population stats; keeping the ones held');
    }
    return this.stats !== undefined;
  }

  /** Builds the stats from a sample of shoppers, stores them, and holds them here. */
  async rebuild(): Promise<{ shoppers: number; items: number; bytes: number }> {
    const builder = new PopulationStatsBuilder();
    let shoppers = 0;
    for await (const page of this.profiles.orderPages(POPULATION_SAMPLE_SHOPPERS)) {
      for (const orders of page) builder.addShopper(orders);
      shoppers += page.length;
    }
    const stats = builder.build();
    const stamp = randomBytes(8).toString('hex');
    await this.redis.client.set(RedisKeys.populationStats, encodePopulation(stats));
    await this.redis.client.set(RedisKeys.populationStamp, stamp);
    [this.stats, this.stamp] = [stats, stamp];
    return { shoppers, items: stats.skus.length, bytes: populationStatsBytes(stats) };
  }
}
