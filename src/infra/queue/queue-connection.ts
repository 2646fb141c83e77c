import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { ConnectionOptions } from 'bullmq';
import type { Cluster } from 'ioredis';
import { AppConfig } from '../../config/app-config.js';
import { closeRedis, openRedis, serverConnectionOptions } from '../redis/redis-connections.js';

/**
 * BullMQ's connection and key prefix. On one server (or behind Sentinel) BullMQ opens and closes
 * its own connections from options. On a Cluster it needs a client, shared by every queue (workers
 * duplicate it for their blocking commands) and closed here at shutdown, and a hash-tagged prefix
 * `{<REDIS_KEY_PREFIX>bull}`: BullMQ's scripts span a queue's keys, which must then share a slot.
 */
@Injectable()
export class QueueConnection implements OnApplicationShutdown {
  private cluster?: Cluster;

  constructor(private readonly config: AppConfig) {}

  get prefix(): string {
    const prefix = `${this.config.redis.keyPrefix}bull`;
    return this.config.redis.clusterNodes.length > 0 ? `{${prefix}}` : prefix;
  }

  connection(): ConnectionOptions {
    if (this.config.redis.clusterNodes.length > 0) {
      this.cluster ??= openRedis(this.config.redis, { maxRetriesPerRequest: null }) as Cluster;
      return this.cluster;
    }
    // ioredis' options, which BullMQ passes to ioredis (its own type lists a subset of them).
    return serverConnectionOptions(this.config.redis, { maxRetriesPerRequest: null }) as ConnectionOptions;
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.cluster) await closeRedis(this.cluster);
  }
}
