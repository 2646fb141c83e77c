import { createRequire } from 'node:module';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Cluster, Redis } from 'ioredis';
import pg from 'pg';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));

/** A fresh, migrated database and an empty Redis db (on a Cluster: no key under the run's prefix) for each run of the suite. */
export default async function globalSetup(): Promise<void> {
  const { testEnvironment, disposableDatabase } = require('./test-env.cjs') as {
    testEnvironment: () => Record<string, string>;
    disposableDatabase: (url: string) => string;
  };
  // Set, not defaulted, and checked: only a database named panier_test… is ever dropped.
  Object.assign(process.env, testEnvironment());
  rmSync(process.env.LOG_FILE as string, { force: true });

  const url = new URL(process.env.DATABASE_URL as string);
  const name = disposableDatabase(url.toString());
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await client.end();

  const { deploy } = (await import(join(here, '..', '..', 'scripts', 'db-deploy.mjs'))) as {
    deploy: (url: string, log: (line: string) => void) => Promise<void>;
  };
  await deploy(url.toString(), () => undefined);

  await emptyRedis();
}

/** The run's Redis db emptied; on a Cluster (db 0 only), every key under the run's prefix deleted. */
async function emptyRedis(): Promise<void> {
  const nodes = (process.env.REDIS_CLUSTER_NODES ?? '').split(',').filter(Boolean);
  if (nodes.length === 0) {
    const redis = new Redis(process.env.REDIS_URL as string);
    await redis.flushdb();
    await redis.quit();
    return;
  }
  // Jest loads its global set-up without its module name mapper: a .ts file by its own name only.
  const { deleteKeysUnder } = require('../../bench/lib/redis-cluster.ts') as typeof import('../../bench/lib/redis-cluster.js');
  const cluster = new Cluster(nodes.map((node) => ({ host: node.split(':')[0], port: Number(node.split(':')[1]) })));
  await deleteKeysUnder(cluster, process.env.REDIS_KEY_PREFIX as string);
  await cluster.quit();
}
