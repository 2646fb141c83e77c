import type { Cluster, Redis } from 'ioredis';

/** A Cluster's masters, once it has connected: before 'ready' it knows no node. */
export async function clusterMasters(cluster: Cluster): Promise<Redis[]> {
  if (cluster.status !== 'ready') await new Promise((resolve) => cluster.once('ready', resolve));
  return cluster.nodes('master');
}

/**
 * Deletes every key under a prefix on a Cluster, hash-tagged ones (`{prefix…`) included: a Cluster
 * has only db 0 to share, so a run owns its prefix, not a db. SCAN sees one node's keys: each master
 * is scanned.
 */
export async function deleteKeysUnder(cluster: Cluster, prefix: string): Promise<void> {
  for (const node of await clusterMasters(cluster)) {
    for (const pattern of [`${prefix}*`, `{${prefix}*`]) {
      let cursor = '0';
      do {
        const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
        // One key per command: a Cluster refuses a DEL over several slots.
        await Promise.all(keys.map((key) => node.unlink(key)));
        cursor = next;
      } while (cursor !== '0');
    }
  }
}
