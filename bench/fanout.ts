/**
 * Campaign fan-out benchmark: N shoppers with matching histories and consent, one broadcast
 * campaign launched with the pace unlimited, timed from the launch request until every shopper
 * is decided (consent, cap, budget, once key: the full Lua check) and stored in the inbox.
 * Then, at the default pace, a live cart's latency at rest and during a fan-out; then, for
 * reference, a bare BullMQ addBulk of one job per shopper.
 *
 *   npm run build && npm run bench:fanout -- [--shoppers 1000000] [--chunk 1000] [--concurrency 4] [--workers 0] [--latency-seconds 20] [--skip-latency] [--skip-in-api-latency] [--skip-reference] [--cluster host:port,…] [--scale 1,2] [--scale-rounds 2]
 *
 * `--cluster` runs the unlimited fan-out once more, last, on that Redis Cluster
 * (scripts/start-redis-cluster.sh starts one on 127.0.0.1:7101-7103), and prints its rate beside
 * the single Redis's of the same run. Only keys under the bench's prefix are deleted there.
 *
 * `--scale 1,2` then runs the unlimited fan-out again with the API apart and 1, then 2 worker
 * processes (`--scale-rounds` times each, alternating), and says from the CPU each process used
 * whether Redis, PostgreSQL or the machine held it back (bench/fanout/scaling.ts).
 *
 * `--workers N` adds N worker-only processes (`npm run start:worker`) to the API's own workers
 * for the unlimited fan-out. The cart latency is measured at rest, then during a default-pace
 * fan-out twice: with the workers inside the API process (`npm start` alone), and with the API's
 * workers off and one worker-only process beside it (the recommended split).
 *
 * Uses its own database (BENCH_DATABASE_URL, default panier_bench_fanout) and Redis db
 * (BENCH_REDIS_URL, default db 14), both wiped at start. Prints a summary, then ONE JSON line.
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { Queue } from 'bullmq';
import { Cluster, Redis } from 'ioredis';
import { type BenchApp, benchEnvironment, call, startApp } from './fanout/app.js';
import type { Socket } from 'socket.io-client';
import { cpuSnapshot, cpuSpent } from './fanout/cpu.js';
import { connectShopper, sampleCart, summarize } from './fanout/latency.js';
import { createCampaign, deliveredCount, waitAudienceFixed, waitDispatched } from './fanout/campaign.js';
import { closePools, recreateDatabase, seedShoppers } from './fanout/seed.js';
import { ceilings } from './fanout/limit.js';
import { scalingSummary, workerScaling } from './fanout/scaling.js';
import { startWorkers, stopWorkers } from './fanout/workers.js';
import { clusterMasters, deleteKeysUnder } from './lib/redis-cluster.js';

const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/panier_bench_fanout';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/14';

function cli() {
  const { values } = parseArgs({
    options: {
      shoppers: { type: 'string', default: '1000000' },
      chunk: { type: 'string', default: '1000' },
      concurrency: { type: 'string', default: '4' },
      workers: { type: 'string', default: '0' },
      'latency-seconds': { type: 'string', default: '20' },
      // For profiling one phase: `--skip-latency` and `--skip-reference` leave those phases out.
      'skip-latency': { type: 'boolean', default: false },
      'skip-reference': { type: 'boolean', default: false },
      // Only the recommended deployment's cart latency (API + worker process), e.g. to compare settings.
      'skip-in-api-latency': { type: 'boolean', default: false },
      cluster: { type: 'string' },
      // Worker processes to scale over (e.g. `1,2`), the API apart, in rounds; empty: no scaling phase.
      scale: { type: 'string', default: '' },
      'scale-rounds': { type: 'string', default: '2' },
    },
  });
  const n = (name: string, v: string | undefined) => {
    const x = Number(v);
    if (!Number.isInteger(x) || x < 1) throw new Error(`--${name} must be a positive integer`);
    return x;
  };
  const workers = Number(values.workers);
  if (!Number.isInteger(workers) || workers < 0) throw new Error('--workers must be a non-negative integer');
  return {
    shoppers: n('shoppers', values.shoppers),
    chunk: n('chunk', values.chunk),
    concurrency: n('concurrency', values.concurrency),
    workers,
    latencySeconds: n('latency-seconds', values['latency-seconds']),
    skipLatency: values['skip-latency'],
    skipReference: values['skip-reference'],
    skipInApiLatency: values['skip-in-api-latency'],
    cluster: values.cluster,
    scale: values.scale ? values.scale.split(',').map((c) => n('scale', c)) : [],
    scaleRounds: n('scale-rounds', values['scale-rounds']),
  };
}

const seconds = (ms: number) => Math.round(ms) / 1000;
const log = (line: string) => console.log(`[bench:fanout] ${line}`);

/** The Redis a fan-out runs on, as the bench reads it: memory used (summed over a Cluster's masters). */
interface RedisProbe {
  memory(): Promise<{ used: number; peak: number }>;
  /** Deletes what a previous run left: the whole db of one server, the bench's keys on a Cluster. */
  clear(prefix: string): Promise<void>;
  close(): Promise<void>;
}

async function memoryOf(node: Redis): Promise<{ used: number; peak: number }> {
  const info = await node.info('memory');
  const field = (name: string) => Number(/^(\w+):(\d+)/m.exec(info.split('\n').find((l) => l.startsWith(`${name}:`)) ?? '')?.[2] ?? 0);
  return { used: field('used_memory'), peak: field('used_memory_peak') };
}

function serverProbe(url: string): RedisProbe {
  const redis = new Redis(url);
  return {
    memory: () => memoryOf(redis),
    clear: async () => void (await redis.flushdb()),
    close: async () => void (await redis.quit()),
  };
}

function clusterProbe(nodes: string): RedisProbe {
  const cluster = new Cluster(nodes.split(',').map((n) => ({ host: n.split(':')[0], port: Number(n.split(':')[1]) })));
  return {
    async memory() {
      const each = await Promise.all((await clusterMasters(cluster)).map(memoryOf));
      return { used: each.reduce((n, m) => n + m.used, 0), peak: each.reduce((n, m) => n + m.peak, 0) };
    },
    clear: (prefix: string) => deleteKeysUnder(cluster, prefix),
    close: async () => void (await cluster.quit()),
  };
}

/**
 * The highest used_memory seen while the fan-out runs (sampled every 100 ms). The server's own
 * used_memory_peak also counts whatever else used this Redis since it started.
 */
function memorySampler(redis: RedisProbe): { stop(): Promise<number> } {
  let peak = 0;
  let sampling = Promise.resolve();
  const timer = setInterval(() => {
    sampling = redis.memory().then(
      (m) => void (peak = Math.max(peak, m.used)),
      () => undefined,
    );
  }, 100);
  return {
    async stop() {
      clearInterval(timer);
      await sampling;
      return Math.max(peak, (await redis.memory()).used);
    },
  };
}

/** Phase 1: the unlimited fan-out. */
async function throughput(env: Record<string, string>, opts: ReturnType<typeof cli>, redis: RedisProbe) {
  const unlimited = {
    ...env,
    CAMPAIGN_SEND_RATE: '0',
    CAMPAIGN_CHUNK_SIZE: String(opts.chunk),
    CAMPAIGN_WORKER_CONCURRENCY: String(opts.concurrency),
  };
  const app = await startApp(unlimited);
  const extra = await startWorkers(opts.workers, unlimited);
  try {
    const supplier = await call<{ id: string }>(app, 'POST', '/v1/suppliers', { name: 'Bench Roasters' });
    const seedStarted = performance.now();
    await seedShoppers(DATABASE_URL, opts.shoppers, supplier.id);
    const seedMs = performance.now() - seedStarted;
    log(`seeded ${opts.shoppers} shoppers in ${seconds(seedMs)} s`);
    const before = await redis.memory();
    const id = await createCampaign(app, supplier.id, 'Bench unlimited');
    const sampler = memorySampler(redis);
    const cpuBefore = cpuSnapshot();
    const started = performance.now();
    // For lining up a --cpu-prof profile with the fan-out (profiles count monotonic microseconds).
    if (process.env.BENCH_TRACE) log(`trace launch at ${process.hrtime.bigint() / 1000n} µs`);
    await call(app, 'POST', `/v1/campaigns/${id}/launch`);
    const launchMs = performance.now() - started;
    log(`launch answered in ${seconds(launchMs)} s`);
    const audienceMs = await waitDispatched(DATABASE_URL, id, started, 60 * 60_000);
    const totalMs = performance.now() - started;
    log(`audience fixed ${seconds(audienceMs)} s after the launch request`);
    const cpu = cpuSpent(cpuBefore, cpuSnapshot());
    if (process.env.BENCH_TRACE) log(`trace done at ${process.hrtime.bigint() / 1000n} µs`);
    const peakUsed = await sampler.stop();
    const delivered = await deliveredCount(DATABASE_URL, id);
    const memory = await redis.memory();
    log(`${delivered} deliveries decided and stored in ${seconds(totalMs)} s; CPU seconds meanwhile ${JSON.stringify(cpu)}`);
    return { supplierId: supplier.id, seedMs, launchMs, audienceMs, totalMs, delivered, before, memory: { ...memory, peakUsed }, cpu };
  } finally {
    await stopWorkers(extra);
    await app.close();
  }
}

/**
 * A live cart's round trips with a default-pace campaign fanning out, and without: the campaign
 * is paused and resumed every slice, so "at rest" and "during" alternate and share whatever else
 * the machine is doing (on a shared machine, back-to-back windows measured the neighbours).
 */
async function alternate(app: BenchApp, socket: Socket, supplierId: string, name: string, slices: number, sliceMs: number) {
  const id = await createCampaign(app, supplierId, name);
  await call(app, 'POST', `/v1/campaigns/${id}/launch`);
  // The fan-out, not the launch job's audience query, is what is measured.
  await waitAudienceFixed(DATABASE_URL, id);
  const during: number[] = [];
  const rest: number[] = [];
  let sent = 0;
  for (let i = 0; i < slices; i++) {
    const before = await deliveredCount(DATABASE_URL, id);
    during.push(...(await sampleCart(socket, sliceMs)));
    sent += (await deliveredCount(DATABASE_URL, id)) - before;
    await call(app, 'POST', `/v1/campaigns/${id}/pause`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    rest.push(...(await sampleCart(socket, sliceMs)));
    await call(app, 'POST', `/v1/campaigns/${id}/resume`);
  }
  await call(app, 'POST', `/v1/campaigns/${id}/cancel`);
  const atRest = summarize(rest);
  const duringFanout = summarize(during);
  return {
    atRest,
    duringFanout,
    p99Ratio: Math.round((duringFanout.p99Ms / atRest.p99Ms) * 100) / 100,
    sentPerSecond: Math.round(sent / ((slices * sliceMs) / 1000)),
  };
}

/** Phase 2: a live cart with and without a default-pace fan-out: workers in the API process, then in their own. */
async function cartLatency(env: Record<string, string>, supplierId: string, latencySeconds: number, skipInApi: boolean) {
  const slices = Math.max(1, Math.round(latencySeconds / 2));
  let workersInApi: Awaited<ReturnType<typeof alternate>> | undefined;
  if (!skipInApi) {
    const inProcess = await startApp(env);
    const socket = await connectShopper(inProcess.url, env.SHOPPER_JWT_SECRET);
    try {
      await sampleCart(socket, 2000, 400);
      workersInApi = await alternate(inProcess, socket, supplierId, 'Bench default pace (in-process workers)', slices, 2000);
    } finally {
      socket.close();
      await inProcess.close();
    }
  }
  const api = await startApp({ ...env, ROLE: 'api' });
  const worker = await startWorkers(1, env);
  const socket = await connectShopper(api.url, env.SHOPPER_JWT_SECRET);
  try {
    await sampleCart(socket, 2000, 400);
    const workerProcess = await alternate(api, socket, supplierId, 'Bench default pace (worker process)', slices, 2000);
    return { workersInApi, workerProcess };
  } finally {
    socket.close();
    await stopWorkers(worker);
    await api.close();
  }
}

/** Phase 3: the floor: adding one bare BullMQ job per shopper, nothing decided or stored. */
async function bareAddBulk(n: number): Promise<number> {
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue('bench-reference', { connection, prefix: 'panier-bench:bull' });
  try {
    const started = performance.now();
    for (let i = 0; i < n; i += 1000) {
      const size = Math.min(1000, n - i);
      await queue.addBulk(
        Array.from({ length: size }, (_, j) => ({ name: 'Reference', data: { shopper: i + j }, opts: { jobId: `ref-${i + j}` } })),
      );
    }
    return performance.now() - started;
  } finally {
    await queue.obliterate({ force: true });
    await queue.close();
    await connection.quit();
  }
}

async function main(): Promise<void> {
  const opts = cli();
  const env = benchEnvironment(DATABASE_URL, REDIS_URL);
  const redis = serverProbe(REDIS_URL);
  await recreateDatabase(DATABASE_URL);
  await redis.clear(env.REDIS_KEY_PREFIX);
  const fan = await throughput(env, opts, redis);
  const scaling = opts.scale.length
    ? await workerScaling(
        { ...env, CAMPAIGN_SEND_RATE: '0', CAMPAIGN_CHUNK_SIZE: String(opts.chunk), CAMPAIGN_WORKER_CONCURRENCY: String(opts.concurrency) },
        fan.supplierId,
        opts.scale,
        opts.scaleRounds,
        log,
      )
    : undefined;
  const latency = opts.skipLatency ? undefined : await cartLatency(env, fan.supplierId, opts.latencySeconds, opts.skipInApiLatency);
  const referenceMs = opts.skipReference ? undefined : await bareAddBulk(opts.shoppers);
  await redis.close();
  let onCluster: Awaited<ReturnType<typeof throughput>> | undefined;
  if (opts.cluster) {
    // The same fan-out, unchanged, on the Cluster: a fresh database, the bench's keys there gone.
    const cluster = clusterProbe(opts.cluster);
    await closePools(); // the database is dropped: the polling pool opens again on it
    await recreateDatabase(DATABASE_URL);
    await cluster.clear(env.REDIS_KEY_PREFIX);
    log(`the same fan-out on the Redis Cluster ${opts.cluster}`);
    onCluster = await throughput({ ...env, REDIS_CLUSTER_NODES: opts.cluster }, opts, cluster);
    await cluster.close();
  }
  await closePools();
  const rate = Math.round(fan.delivered / (fan.totalMs / 1000));
  const bare = referenceMs === undefined ? undefined : Math.round(opts.shoppers / (referenceMs / 1000));
  const mb = (bytes: number) => Math.round(bytes / 1048576);
  log(`fan-out: ${rate} shoppers/s decided and stored (target ≥ 20000); bare addBulk: ${bare ?? '-'} jobs/s`);
  const clusterRate = onCluster && Math.round(onCluster.delivered / (onCluster.totalMs / 1000));
  if (onCluster)
    log(
      `fan-out on the Redis Cluster: ${clusterRate} shoppers/s (${onCluster.delivered} in ${seconds(onCluster.totalMs)} s) beside ${rate} shoppers/s on one Redis in this run (×${Math.round(((clusterRate ?? 0) / rate) * 100) / 100})`,
    );
  if (latency) {
    const { workersInApi, workerProcess } = latency;
    if (workersInApi)
      log(
        `cart p99, workers in the API process: at rest ${workersInApi.atRest.p99Ms} ms, during a default-pace fan-out ${workersInApi.duringFanout.p99Ms} ms (×${workersInApi.p99Ratio}, ${workersInApi.sentPerSecond} sends/s)`,
      );
    log(
      `cart p99, API + one worker process: at rest ${workerProcess.atRest.p99Ms} ms, during ${workerProcess.duringFanout.p99Ms} ms (×${workerProcess.p99Ratio}, ${workerProcess.sentPerSecond} sends/s); target ≤ ×1.5`,
    );
  }
  if (scaling) {
    for (const row of scalingSummary(scaling.runs))
      log(
        `${row.workerProcesses} worker process(es): median ${row.median} shoppers/s (${row.min}–${row.max}), ×${row.vsFirst} the first count's`,
      );
    const c = ceilings(scaling.runs, cpus().length);
    log(
      `CPU per shopper: workers ${c.usPerShopper.workers} µs, PostgreSQL ${c.usPerShopper.postgres} µs, Redis ${c.usPerShopper.redis} µs, API ${c.usPerShopper.api} µs; ` +
        `Redis (one thread) tops out near ${c.redisShoppersPerSecond} shoppers/s, PostgreSQL near ${c.postgresShoppersPerSecondPerCore} per core ` +
        `(it limits first with fewer than ${c.postgresCoresAtRedisCeiling} cores), all on this machine's ${cpus().length} cores near ${c.machineShoppersPerSecond}`,
    );
  }
  log(
    `redis used_memory: ${mb(fan.before.used)} MB before launch, peak ${mb(fan.memory.peakUsed)} MB during the fan-out, ${mb(fan.memory.used)} MB after (server's used_memory_peak since start ${mb(fan.memory.peak)} MB)`,
  );
  const result: Record<string, unknown> = {
    bench: 'fanout',
    shoppers: opts.shoppers,
    chunk: opts.chunk,
    concurrency: opts.concurrency,
    extraWorkerProcesses: opts.workers,
    seedSeconds: seconds(fan.seedMs),
    launchSeconds: seconds(fan.launchMs),
    audienceFixedSeconds: seconds(fan.audienceMs),
    fanoutSeconds: seconds(fan.totalMs),
    delivered: fan.delivered,
    shoppersPerSecond: rate,
    bareAddBulkJobsPerSecond: bare,
    redisUsedMemoryPeakMb: mb(fan.memory.peakUsed),
    redisServerPeakSinceStartMb: mb(fan.memory.peak),
    cpuSecondsDuringFanout: fan.cpu,
    redisUsedMemoryBeforeMb: mb(fan.before.used),
    redisUsedMemoryAfterMb: mb(fan.memory.used),
    cartWorkersInApi: latency?.workersInApi,
    cartWorkerProcess: latency?.workerProcess,
    clusterShoppersPerSecond: clusterRate,
    clusterFanoutSeconds: onCluster && seconds(onCluster.totalMs),
    clusterDelivered: onCluster?.delivered,
    clusterRedisUsedMemoryPeakMb: onCluster && mb(onCluster.memory.peakUsed),
    workerScaling: scaling && {
      ...scaling,
      summary: scalingSummary(scaling.runs),
      ceilings: ceilings(scaling.runs, cpus().length),
      cores: cpus().length,
    },
    loadAverage1m: Math.round(loadavg()[0] * 100) / 100,
  };
  console.log(JSON.stringify(result));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
