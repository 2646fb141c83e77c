import { Injectable } from '@nestjs/common';
import { RedisKeys } from '../../infra/redis/redis-keys.js';
import { RedisService } from '../../infra/redis/redis.service.js';

const BATCH = 5000;

/**
 * The fan-out's bookkeeping in Redis: how many chunks a broadcast has, which are done (a set that
 * only ever grows, so retries and repairs cannot undo it), and the generation of its current
 * chunk jobs. When the done set holds every chunk, PostgreSQL is asked whether the dispatch is
 * complete.
 */
@Injectable()
export class CampaignDispatchStore {
  constructor(private readonly redis: RedisService) {}

  /** The number of chunks of the broadcast, and those already done (when rebuilding a lost state). */
  async setChunks(id: string, total: number, done: number[]): Promise<void> {
    const tx = this.redis.client.multi().hset(RedisKeys.campaign(id), 'chunks', total);
    for (let i = 0; i < done.length; i += BATCH) tx.sadd(RedisKeys.campaignDone(id), ...done.slice(i, i + BATCH));
    await tx.exec();
  }

  /** The generation of the campaign's current chunk jobs (see CampaignChunkQueue). */
  async setGeneration(id: string, generation: number): Promise<void> {
    await this.redis.client.hset(RedisKeys.campaign(id), 'gen', generation);
  }

  /** The current generation and the chunks not done yet (undefined when the state was lost). */
  async chunkPlan(id: string): Promise<{ generation?: number; open?: number[] }> {
    const [[gen, chunks], done] = await Promise.all([
      this.redis.client.hmget(RedisKeys.campaign(id), 'gen', 'chunks'),
      this.redis.client.smembers(RedisKeys.campaignDone(id)),
    ]);
    if (chunks === null) return { generation: gen ? Number(gen) : undefined };
    const finished = new Set(done.map(Number));
    return {
      generation: gen ? Number(gen) : undefined,
      open: Array.from({ length: Number(chunks) }, (_, i) => i).filter((c) => !finished.has(c)),
    };
  }

  /** Marks a chunk done; true once every chunk is (or when the count was lost: the caller then asks PostgreSQL). */
  async chunkDone(id: string, chunk: number): Promise<boolean> {
    const replies = await this.redis.client
      .multi()
      .sadd(RedisKeys.campaignDone(id), chunk)
      .scard(RedisKeys.campaignDone(id))
      .hget(RedisKeys.campaign(id), 'chunks')
      .exec();
    const total = replies?.[2]?.[1];
    return typeof total !== 'string' || Number(replies?.[1]?.[1] ?? 0) >= Number(total);
  }

  /** Drops the done set of a finished campaign. */
  async forget(id: string): Promise<void> {
    await this.redis.client.del(RedisKeys.campaignDone(id));
  }
}
