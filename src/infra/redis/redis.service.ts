import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { AppConfig } from '../../config/app-config.js';
import { closeRedis, isCluster, openRedis, type RedisClient } from './redis-connections.js';

/**
 * The shared ioredis connection for commands (caches, rate limits), plus dedicated connections
 * for traffic that must not queue behind the rest (the live cart path, the fan-out, the offer
 * relay's subscriber). BullMQ and the socket.io adapter open their own connections.
 * Keys are namespaced by REDIS_KEY_PREFIX through ioredis' keyPrefix, except on the live
 * connection, whose keys are named in full (see {@link RedisService.live}). Each is a Cluster
 * client when REDIS_CLUSTER_NODES is set (see redis-connections.ts).
 */
@Injectable()
export class RedisService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RedisService.name);
  readonly client: RedisClient;
  /**
   * The live cart path's own connection (the cart script, presence, pushed-reminder marks): its
   * commands apply in the order they are sent, which that path relies on. Without auto-pipelining,
   * which costs a pipeline object and several promises per command: at one command per event it
   * saves more (allocation, garbage collection) than it batches, and writes issued while the
   * socket is busy are still coalesced by Node. Without the key prefix too: its keys are named in
   * full ({@link liveKey}) once per connected device, where ioredis would prefix each key of each
   * command. Opened on first use. Use {@link liveBatch} to send.
   */
  get live(): RedisClient {
    return this.dedicated('live', { prefixed: false });
  }

  /** A key as the {@link live} connection must name it: with REDIS_KEY_PREFIX. */
  liveKey(key: string): string {
    return this.config.redis.keyPrefix + key;
  }

  /**
   * The fan-out's own connection (decision scripts of chunks, and the offer relay's publishes): a
   * chunk's few hundred kilobytes of script arguments and replies would otherwise queue the cart
   * path's commands behind them.
   */
  get fanOut(): RedisClient {
    return this.dedicated('fan-out', { autoPipelining: true });
  }

  /** Connections of their own for one kind of traffic, by name; opened on first use, closed at shutdown. */
  private readonly dedicatedConnections = new Map<string, RedisClient>();
  private liveCorked = false;

  /**
   * The live connection, its socket corked until the event loop's next check phase: every command
   * sent in between (the cart events of one network read, say) leaves in one system call, as
   * auto-pipelining would do, without its per-command pipeline and promises. (A Cluster client
   * has one socket per node: nothing to cork.)
   */
  liveBatch(): RedisClient {
    const live = this.live;
    if (isCluster(live)) return live;
    const stream = live.stream as Redis['stream'] | undefined;
    if (!this.liveCorked && stream && live.status === 'ready') {
      this.liveCorked = true;
      stream.cork();
      setImmediate(() => {
        this.liveCorked = false;
        stream.uncork();
      });
    }
    return live;
  }

  constructor(private readonly config: AppConfig) {
    // Commands issued in the same tick share one write: fewer system calls.
    this.client = this.connect(true);
    this.client.on('error', (error: Error) => this.logger.warn({ err: error }, 'redis connection error'));
  }

  private connect(enableAutoPipelining: boolean, prefixed = true): RedisClient {
    return openRedis(this.config.redis, {
      keyPrefix: prefixed ? this.config.redis.keyPrefix : undefined,
      maxRetriesPerRequest: 2,
      enableAutoPipelining,
    });
  }

  /** Whether Redis is a Cluster: a script's keys must then share one slot, and so must a MULTI's. */
  get cluster(): boolean {
    return this.config.redis.clusterNodes.length > 0;
  }

  /**
   * A connection of its own for one kind of traffic (same key prefix unless `prefixed: false`), so
   * that its commands never queue behind another's: opened on first use (an instance that never
   * needs it never opens it) and closed at shutdown. `subscriber` connections can run nothing
   * else, and have no prefix (ioredis does not prefix channels anyway).
   */
  dedicated(name: string, options: { autoPipelining?: boolean; subscriber?: boolean; prefixed?: boolean } = {}): RedisClient {
    let connection = this.dedicatedConnections.get(name);
    if (!connection) {
      connection = options.subscriber
        ? this.duplicateUnprefixed()
        : this.connect(options.autoPipelining ?? false, options.prefixed ?? true);
      connection.on('error', (error: Error) => this.logger.warn({ err: error }, `redis ${name} connection error`));
      this.dedicatedConnections.set(name, connection);
    }
    return connection;
  }

  /** A new connection with the same settings and no key prefix (BullMQ and adapters prefix themselves). */
  duplicateUnprefixed(options: { maxRetriesPerRequest?: number | null; shardedSubscribers?: boolean } = {}): RedisClient {
    return openRedis(this.config.redis, { maxRetriesPerRequest: null, ...options });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.warnUnlessNoEviction();
  }

  /** BullMQ loses jobs when Redis evicts keys: say so loudly at start-up. */
  private async warnUnlessNoEviction(): Promise<void> {
    try {
      const reply = await this.client.config('GET', 'maxmemory-policy');
      const policy = reply[1];
      if (policy !== 'noeviction') {
        this.logger.warn(`Redis maxmemory-policy is "${policy}", not "noeviction": queued jobs and carts may be evicted`);
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'could not read Redis maxmemory-policy (CONFIG disabled?)');
    }
  }

  async ping(): Promise<void> {
    await this.client.ping();
  }

  /** After the HTTP server, sockets and workers have drained. */
  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.client, ...this.dedicatedConnections.values()].map(closeRedis));
  }
}
