import { type ChildProcess, spawn } from 'node:child_process';
import { cpus } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { QueueName } from '../../src/infra/queue/queue-names.js';
import { freePort } from '../carts/processes.js';
import { call, startApp } from './app.js';
import { createCampaign, deliveredCount, waitDispatched } from './campaign.js';
import { machineBusySeconds, processCpuSeconds } from './cpu.js';
import { type CoresUsed, fanoutLimit } from './limit.js';
import { scalar } from './seed.js';
import { startWorkers, stopWorkers } from './workers.js';

export interface ScalingRun {
  workerProcesses: number;
  round: number;
  shoppersPerSecond: number;
  seconds: number;
  cores: CoresUsed;
  limit: ReturnType<typeof fanoutLimit>;
}

/**
 * The unlimited fan-out with the API apart (ROLE=api, in this process) and 1, 2… worker processes
 * (`npm run start:worker`, real OS processes), in rounds (1, 2, 1, 2…) so that each count meets the
 * same neighbours. Each run is a new campaign to the same seeded shoppers. Redis is a private
 * `redis-server` started for the phase (when installed), so that its CPU is this fan-out's alone;
 * PostgreSQL's is that of the backends connected to the bench database.
 */
export async function workerScaling(
  env: Record<string, string>,
  supplierId: string,
  counts: number[],
  rounds: number,
  log: (line: string) => void,
): Promise<{ runs: ScalingRun[]; privateRedis: boolean }> {
  const redis = await startPrivateRedis().catch((error: Error) => {
    log(`no private redis-server (${error.message}): Redis CPU is the shared server's, neighbours included`);
    return undefined;
  });
  // At the default lower priority (niceness 10, SCHED_IDLE) workers get only what every other process
  // leaves: on a shared machine the phase would measure the neighbours, not the workers.
  const scaled: Record<string, string> = {
    ...env,
    WORKER_NICENESS: '0',
    WORKER_SCHED_IDLE: 'false',
    ...(redis ? { REDIS_URL: redis.url } : {}),
  };
  const api = await startApp({ ...scaled, ROLE: 'api' });
  const runs: ScalingRun[] = [];
  try {
    for (let round = 1; round <= rounds; round++) {
      for (const count of counts) {
        const workers = await startWorkers(count, scaled);
        try {
          // A worker still booting (Nest, several seconds of CPU on a busy machine) would slow the others.
          await workersReady(scaled.REDIS_URL, `${scaled.REDIS_KEY_PREFIX}bull`, count);
          const id = await createCampaign(api, supplierId, `Bench scaling ${count} workers, round ${round}`);
          const pids = () => [...workers.map((w) => w.pid ?? 0), redis?.pid ?? 0];
          const before = await usage(env.DATABASE_URL, pids());
          const started = performance.now();
          await call(api, 'POST', `/v1/campaigns/${id}/launch`);
          await waitDispatched(env.DATABASE_URL, id, started, 60 * 60_000);
          const ms = performance.now() - started;
          const after = await usage(env.DATABASE_URL, pids());
          const delivered = await deliveredCount(env.DATABASE_URL, id);
          const cores = coresUsed(before, after, workers, redis?.pid, ms / 1000);
          const run = {
            workerProcesses: count,
            round,
            shoppersPerSecond: Math.round(delivered / (ms / 1000)),
            seconds: Math.round(ms) / 1000,
            cores,
            limit: fanoutLimit(cores, cpus().length),
          };
          log(`${count} worker process(es), round ${round}: ${run.shoppersPerSecond} shoppers/s; ${run.limit.why}`);
          runs.push(run);
        } finally {
          await stopWorkers(workers);
        }
      }
    }
  } finally {
    await api.close();
    await redis?.stop();
  }
  return { runs, privateRedis: !!redis };
}

/** Median, lowest and highest rate per worker count, and the median's growth over the first count's. */
export function scalingSummary(
  runs: ScalingRun[],
): Array<{ workerProcesses: number; median: number; min: number; max: number; vsFirst: number }> {
  const counts = [...new Set(runs.map((r) => r.workerProcesses))];
  const rows = counts.map((workerProcesses) => {
    const rates = runs
      .filter((r) => r.workerProcesses === workerProcesses)
      .map((r) => r.shoppersPerSecond)
      .sort((a, b) => a - b);
    const mid = rates.length >> 1;
    const median = rates.length % 2 ? rates[mid] : Math.round((rates[mid - 1] + rates[mid]) / 2);
    return { workerProcesses, median, min: rates[0], max: rates[rates.length - 1] };
  });
  return rows.map((r) => ({ ...r, vsFirst: Math.round((r.median / rows[0].median) * 100) / 100 }));
}

/** Waits until `count` processes have campaign-dispatch workers connected (BullMQ names their connections). */
async function workersReady(redisUrl: string, prefix: string, count: number): Promise<void> {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue(QueueName.CampaignDispatch, { connection, prefix });
  try {
    const deadline = Date.now() + 180_000;
    while ((await queue.getWorkersCount()) < count) {
      if (Date.now() > deadline) throw new Error(`${count} worker processes did not come up`);
      await sleep(200);
    }
  } finally {
    await queue.close();
    connection.disconnect();
  }
}

interface Usage {
  byPid: Map<number, number>;
  postgres: number;
  machine: number;
}

/** CPU seconds so far: of each pid, of the bench database's backends (summed), of the machine. */
async function usage(databaseUrl: string, pids: number[]): Promise<Usage> {
  const backends = await scalar<number[] | null>(
    databaseUrl,
    'SELECT array_agg(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
  );
  const byPid = new Map([...pids, process.pid].map((pid) => [pid, processCpuSeconds(pid)]));
  const postgres = (backends ?? []).reduce((sum, pid) => sum + processCpuSeconds(pid), 0);
  return { byPid, postgres, machine: machineBusySeconds() };
}

function coresUsed(before: Usage, after: Usage, workers: ChildProcess[], redisPid: number | undefined, seconds: number): CoresUsed {
  const spent = (pid: number | undefined) => (pid ? (after.byPid.get(pid) ?? 0) - (before.byPid.get(pid) ?? 0) : 0);
  // A backend opened during the run had used nothing before it.
  const postgres = after.postgres - before.postgres;
  const used = {
    workers: workers.reduce((sum, w) => sum + spent(w.pid), 0),
    postgres: Math.max(0, postgres),
    redis: spent(redisPid),
    api: spent(process.pid),
  };
  const ours = used.workers + used.postgres + used.redis + used.api;
  const perSecond = (x: number) => Math.round((x / seconds) * 100) / 100;
  return {
    workers: perSecond(used.workers),
    postgres: perSecond(used.postgres),
    redis: perSecond(used.redis),
    api: perSecond(used.api),
    others: perSecond(Math.max(0, after.machine - before.machine - ours)),
  };
}

/** A throwaway redis-server on a free port, no persistence. */
async function startPrivateRedis(): Promise<{ url: string; pid: number; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  const failed = new Promise<never>((_, reject) => child.once('error', reject));
  failed.catch(() => undefined);
  const url = `redis://127.0.0.1:${port}/0`;
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  for (let i = 0; ; i++) {
    try {
      await Promise.race([client.connect(), failed]);
      break;
    } catch (error) {
      if (i > 50 || child.exitCode !== null) throw error;
      await sleep(100);
    }
  }
  client.disconnect();
  return {
    url,
    pid: child.pid as number,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
