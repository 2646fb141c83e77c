import { Cluster, type ClusterOptions, Redis, type RedisOptions } from 'ioredis';
import type { RedisConfig } from '../../config/config-sections.js';

/** A connection to Panier's Redis, whatever its topology: one server (perhaps found through Sentinel) or a Cluster. */
export type RedisClient = Redis | Cluster;

export interface RedisConnectionOptions {
  /** Prefix of keys (not of channels); none by default. */
  keyPrefix?: string;
  enableAutoPipelining?: boolean;
  /** ioredis' default is 20; BullMQ and subscribers need null (retry forever). */
  maxRetriesPerRequest?: number | null;
  /** On a Cluster, SSUBSCRIBE on the masters owning each channel (the sharded socket.io adapter). */
  shardedSubscribers?: boolean;
}

/**
 * Opens a connection to the configured Redis: a Cluster from REDIS_CLUSTER_NODES, the master
 * Sentinel names from REDIS_SENTINELS, else REDIS_URL's server. REDIS_URL always lends its
 * credentials and TLS (and its db number, except on a Cluster, which has only db 0). Every
 * connection Panier makes goes through here: commands, BullMQ, the socket.io adapter, pub/sub.
 */
export function openRedis(config: RedisConfig, options: RedisConnectionOptions = {}): RedisClient {
  const { shardedSubscribers, ...common } = options;
  const server = serverOptions(config);
  if (config.clusterNodes.length > 0) {
    const { db: _db, ...perNode } = server;
    const clusterOptions: ClusterOptions = {
      keyPrefix: common.keyPrefix,
      enableAutoPipelining: common.enableAutoPipelining,
      shardedSubscribers,
      redisOptions: { ...perNode, maxRetriesPerRequest: common.maxRetriesPerRequest },
      // Every command reads the masters: the decision scripts and carts need their own writes.
      scaleReads: 'master',
      // ioredis gives a node 1 s to answer CLUSTER SLOTS, then fails the connection: a busy node
      // (a start-up on a loaded host, a node saving) must not fail a process's start.
      slotsRefreshTimeout: 5000,
    };
    return new Cluster(
      config.clusterNodes.map((n) => ({ host: n.host, port: n.port })),
      clusterOptions,
    );
  }
  // After a fail-over the old master takes writes until the Sentinels demote it (seconds later),
  // and loses them then: leave it on the Sentinels' +switch-master at once. Not for BullMQ's
  // connections (serverConnectionOptions): ioredis' quit() leaves the detector's Sentinel
  // connections open, and BullMQ closes with quit().
  return new Redis({ ...server, ...common, failoverDetector: config.sentinels.length > 0 });
}

/**
 * Closes a connection gracefully (QUIT), then for good: disconnect() after quit() because only it
 * closes the Sentinel fail-over detector's connections, and it ends a connection QUIT could not.
 */
export async function closeRedis(client: RedisClient): Promise<void> {
  await client
    .quit()
    .catch(() => undefined)
    .finally(() => client.disconnect());
}

/** The options of a connection to one server (REDIS_URL's, or Sentinel's master): for libraries that open their own. */
export function serverConnectionOptions(
  config: RedisConfig,
  options: Omit<RedisConnectionOptions, 'shardedSubscribers'> = {},
): RedisOptions {
  return { ...serverOptions(config), ...options };
}

/** Whether connections go to a Redis Cluster (keys of one script must then share a slot). */
export function isCluster(client: RedisClient): client is Cluster {
  return client instanceof Cluster;
}

/** What REDIS_URL (and Sentinel settings) say about one server. */
function serverOptions(config: RedisConfig): RedisOptions {
  const url = new URL(config.url);
  const server: RedisOptions = {
    username: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0,
    tls: url.protocol === 'rediss:' ? {} : undefined,
  };
  if (config.sentinels.length > 0) {
    return {
      ...server,
      sentinels: config.sentinels.map((n) => ({ host: n.host, port: n.port })),
      name: config.sentinelName,
      sentinelPassword: config.sentinelPassword,
      enableTLSForSentinelMode: server.tls !== undefined,
    };
  }
  return { ...server, host: url.hostname, port: Number(url.port || 6379) };
}
