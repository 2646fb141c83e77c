import type { RedisConfig } from '../../src/config/config-sections.js';
import { openRedis, type RedisClient, type RedisConnectionOptions } from '../../src/infra/redis/redis-connections.js';

/** The test run's Redis (one server's db, or a Cluster under the run's prefix), as the service sees it. */
export function testRedisConfig(env: NodeJS.ProcessEnv = process.env): RedisConfig {
  const clusterNodes = (env.REDIS_CLUSTER_NODES ?? '')
    .split(',')
    .filter(Boolean)
    .map((node) => ({ host: node.slice(0, node.lastIndexOf(':')), port: Number(node.slice(node.lastIndexOf(':') + 1)) }));
  return { url: env.REDIS_URL as string, keyPrefix: env.REDIS_KEY_PREFIX ?? '', clusterNodes, sentinels: [], sentinelName: 'mymaster' };
}

/** A raw connection to the run's Redis, without key prefix unless asked: a Cluster client on a Cluster run. */
export function testRedis(options: RedisConnectionOptions = {}): RedisClient {
  return openRedis(testRedisConfig(), options);
}

/** Every key matching a pattern, on every master of a Cluster (SCAN sees one node's keys). */
export async function scanKeys(client: RedisClient, pattern: string): Promise<string[]> {
  const nodes = 'nodes' in client && typeof client.nodes === 'function' ? client.nodes('master') : [client];
  const keys: string[] = [];
  for (const node of nodes) {
    let cursor = '0';
    do {
      const [next, found] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      keys.push(...found);
      cursor = next;
    } while (cursor !== '0');
  }
  return keys;
}
