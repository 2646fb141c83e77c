/**
 * Live carts under load: Panier against a bare socket.io server, driven by the same client
 * harness on loopback, the server pinned to one core (`taskset -c 0`) and the clients to another
 * (this process re-runs itself under `taskset -c 1`).
 *
 *   npm run bench:carts -- [--carts 5000] [--rate 1000] [--seconds 20] [--runs 5] [--only bare,bare-redis,panier]
 *                          [--saturation-seconds 5] [--inflight 500] [--cpu-prof] [--reseed] [--panier-root DIR]
 *
 * Three servers: the bare one (the reference), the same plus one Redis round trip per
 * `cart:add` (`bare-redis`: the floor of any design with one round trip per event, which the issue
 * asks of Panier) and Panier. Each run starts a fresh process of each, in turn, and:
 *  1. warms it up with 20 carts that then leave, and reads its RSS (/proc/<pid>/status);
 *  2. connects every cart (socket.io-client, websocket transport, one engine each) and reads the
 *     RSS again: memory per cart = difference / carts;
 *  3. sends each cart's first `cart:review` (32 in flight; Panier fills its consent cache then);
 *  4. open loop: `--rate` events per second for `--seconds`, every 10th a `cart:review`, the others
 *     `cart:add`: p50/p99 of emit → acknowledgement;
 *  5. closed loop: `--inflight` chains of `cart:add` for 1 + `--saturation-seconds`: events/s.
 * CPU used by the server, the clients, Redis and everything else is read from /proc for phases 4
 * and 5; a run first waits (at most `--quiet-wait` s) for the machine to be idle and says when it
 * was not. Prints a table, then ONE JSON line: the medians of the runs, the Panier/bare ratios,
 * the targets, the Panier/bare-redis ratios (`vsBareRedis`), and every run's raw figures.
 *
 * Panier is `node dist/src/main.js` on its own database and Redis db (BENCH_DATABASE_URL,
 * BENCH_REDIS_URL, BENCH_REDIS_PREFIX; defaults panier_bench_carts, db 11, `panier-bench:`),
 * migrated with scripts/db-deploy.mjs and seeded through the ingest API with a catalog and a
 * purchase history per shopper (kept for the next invocation when identical), so that every
 * event computes real reminders. Live carts, pushed-reminder sets and consent caches are emptied
 * before each run. Logs and `--cpu-prof` profiles go to bench/.out/.
 *
 * For diagnosis, BENCH_PANIER_NODE_FLAGS and BENCH_BARE_NODE_FLAGS add node flags to either
 * server (for example `--trace-gc-nvp`, or `--import=<preload>` for a heap profiler); their output
 * lands in the server's log under bench/.out/.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import {
  benchCustomerId,
  markSeeded,
  type PanierStores,
  resetLiveState,
  resetStores,
  seed,
  seededAlready,
  signTokens,
  startPanier,
  warmupCustomerId,
} from './carts/panier.js';
import { freePort, hasTaskset, installCleanup, killAll, startPinned, waitFor } from './carts/processes.js';
import { compare, pairedFloor, rawRun, roundTripFloor, summarize, table, type Summary } from './carts/report.js';
import { type RunFigures, type RunSettings, runOnce, type ServerName, type Target } from './carts/run.js';
import type { HistoryShape } from './carts/seed-data.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT = join(ROOT, 'bench', '.out');
const PINNED_ENV = 'BENCH_CARTS_PINNED';
const SERVER_NAMES: ServerName[] = ['bare', 'bare-redis', 'panier'];

interface Cli extends RunSettings {
  carts: number;
  runs: number;
  /** The servers to measure (default: all three). */
  only?: ServerName[];
  history: HistoryShape;
  serverCpu: string;
  clientCpu: string;
  logLevel: string;
  cpuProf: boolean;
  reseed: boolean;
  /** The built tree whose dist/src/main.js, migrations and db-deploy script are used (default: this repository). */
  panierRoot: string;
  timeoutMinutes: number;
}

function parseCli(argv: string[]): Cli {
  const { values } = parseArgs({
    args: argv,
    options: {
      carts: { type: 'string', default: '5000' },
      rate: { type: 'string', default: '1000' },
      seconds: { type: 'string', default: '20' },
      runs: { type: 'string', default: '5' },
      'saturation-seconds': { type: 'string', default: '5' },
      inflight: { type: 'string', default: '500' },
      'review-every': { type: 'string', default: '10' },
      products: { type: 'string', default: '1000' },
      orders: { type: 'string', default: '12' },
      items: { type: 'string', default: '10' },
      only: { type: 'string' },
      'server-cpu': { type: 'string', default: '0' },
      'client-cpu': { type: 'string', default: '1' },
      'log-level': { type: 'string', default: 'info' },
      'cpu-prof': { type: 'boolean', default: false },
      'timeout-minutes': { type: 'string', default: '15' },
      'quiet-wait': { type: 'string', default: '10' },
      reseed: { type: 'boolean', default: false },
      'panier-root': { type: 'string' },
    },
  });
  const int = (name: keyof typeof values, min: number) => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer >= ${min}, not ${String(values[name])}`);
    return n;
  };
  const num = (name: keyof typeof values, min: number) => {
    const n = Number(values[name]);
    if (!Number.isFinite(n) || n < min) throw new Error(`--${name} must be a number >= ${min}, not ${String(values[name])}`);
    return n;
  };
  const only = values.only?.split(',');
  if (only?.some((name) => !SERVER_NAMES.includes(name as ServerName))) throw new Error(`--only takes some of ${SERVER_NAMES.join(',')}`);
  return {
    carts: int('carts', 1),
    rate: num('rate', 1),
    seconds: num('seconds', 0.1),
    runs: int('runs', 1),
    saturationSeconds: num('saturation-seconds', 0.5),
    warmupSeconds: 1,
    inflight: int('inflight', 1),
    reviewEvery: int('review-every', 0),
    products: int('products', 10),
    connectConcurrency: 50,
    settleMs: 2000,
    quietWaitSeconds: num('quiet-wait', 0),
    only: only as ServerName[] | undefined,
    history: { products: int('products', 10), ordersPerShopper: int('orders', 1), itemsPerOrder: int('items', 1), seed: 7 },
    serverCpu: values['server-cpu'],
    clientCpu: values['client-cpu'],
    logLevel: values['log-level'],
    cpuProf: values['cpu-prof'],
    reseed: values.reseed,
    panierRoot: resolve(values['panier-root'] ?? ROOT),
    timeoutMinutes: num('timeout-minutes', 1),
  };
}

/** Re-runs this script under `taskset -c <client cpu>`, so the whole client harness stays on its core. */
function pinSelf(cli: Cli): Promise<number> | undefined {
  if (process.env[PINNED_ENV] || !canPin()) return undefined;
  const child = spawn('taskset', ['-c', cli.clientCpu, process.execPath, ...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, [PINNED_ENV]: '1' },
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => child.kill(signal));
  return new Promise((done) => child.once('exit', (code, signal) => done(code ?? (signal ? 1 : 0))));
}

const canPin = () => cpus().length >= 2 && hasTaskset();

function stores(): PanierStores {
  return {
    databaseUrl: process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/panier_bench_carts',
    redisUrl: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/11',
    redisPrefix: process.env.BENCH_REDIS_PREFIX ?? 'panier-bench:',
  };
}

/** The pid of the Redis server, when it runs on this machine, to account for its CPU. */
async function localRedisPid(url: string): Promise<number | undefined> {
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname)) return undefined;
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    const pid = Number(/process_id:(\d+)/.exec(await redis.info('server'))?.[1]);
    return Number.isInteger(pid) && existsSync(`/proc/${pid}/stat`) ? pid : undefined;
  } catch {
    return undefined;
  } finally {
    redis.disconnect();
  }
}

async function main(): Promise<void> {
  const cli = parseCli(process.argv.slice(2));
  const outer = pinSelf(cli);
  if (outer) process.exit(await outer);
  installCleanup();
  setTimeout(() => {
    console.error(`bench:carts: still running after ${cli.timeoutMinutes} minutes, giving up`);
    killAll();
    process.exit(2);
  }, cli.timeoutMinutes * 60_000).unref();
  // db-deploy reads prisma/migrations from the working directory.
  process.chdir(cli.panierRoot);
  mkdirSync(OUT, { recursive: true });
  const log = (line: string) => console.log(line);
  const serverCpu = canPin() ? cli.serverCpu : undefined;
  if (!serverCpu) log('warning: taskset or a second CPU is missing: server and clients are not pinned');
  const customerIds = Array.from({ length: cli.carts }, (_, i) => benchCustomerId(i));
  const warmupIds = Array.from({ length: 20 }, (_, i) => warmupCustomerId(i));
  const [tokens, warmupTokens] = await Promise.all([signTokens(customerIds), signTokens(warmupIds)]);
  const targets: Target[] = [];
  const store = stores();

  const wanted = (name: ServerName) => !cli.only || cli.only.includes(name);
  for (const name of ['bare', 'bare-redis'] as const) {
    if (!wanted(name)) continue;
    targets.push({
      name,
      tokens,
      warmupTokens,
      async start(run) {
        const port = await freePort();
        const args = [
          join(ROOT, 'dist', 'bench', 'carts', 'bare-server.js'),
          String(port),
          String(cli.history.products),
          ...(name === 'bare-redis' ? [store.redisUrl] : []),
        ];
        const server = startPinned(
          serverCpu,
          [...(process.env.BENCH_BARE_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean), ...args],
          { PATH: process.env.PATH },
          join(OUT, `carts-${name}-run${run}.log`),
        );
        const url = `http://127.0.0.1:${port}`;
        await waitFor(`${name} server`, async () => (await fetch(`${url}/health`)).ok, 30_000, server.exited);
        return { server, url };
      },
    });
  }
  if (wanted('panier')) {
    log(`preparing Panier: database ${new URL(store.databaseUrl).pathname.slice(1)}, Redis ${store.redisUrl} prefix ${store.redisPrefix}`);
    const shoppers = [...customerIds, ...warmupIds];
    const marker = { shoppers: shoppers.length, history: cli.history };
    if (!cli.reseed && (await seededAlready(store, cli.panierRoot, marker, shoppers.length * cli.history.ordersPerShopper))) {
      log('  reusing the seed already there (same shoppers and histories; --reseed to start over)');
    } else {
      await resetStores(store, cli.panierRoot);
      const seeding = await startPanier(cli.panierRoot, store, undefined, join(OUT, 'carts-panier-seed.log'), 'warn');
      try {
        const seeded = await seed(seeding.url, shoppers, cli.history, log);
        log(`  seeded ${seeded.products} products and ${seeded.orders} orders in ${seeded.seconds.toFixed(1)} s`);
      } finally {
        await seeding.server.stop();
      }
      await markSeeded(store, marker);
    }
    targets.push({
      name: 'panier',
      tokens,
      warmupTokens,
      async start(run) {
        await resetLiveState(store);
        const profiling = cli.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${OUT}`, `--cpu-prof-name=carts-panier-run${run}.cpuprofile`] : [];
        // BENCH_PANIER_NODE_FLAGS: extra node flags for diagnosis (e.g. `--trace-gc`, `--import=<preload>`).
        const extra = (process.env.BENCH_PANIER_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean);
        const flags = [...productionNodeFlags(cli.panierRoot), ...profiling, ...extra];
        return startPanier(cli.panierRoot, store, serverCpu, join(OUT, `carts-panier-run${run}.log`), cli.logLevel, flags);
      },
    });
  }

  const context = { cpus: cpus().length, redisPid: await localRedisPid(store.redisUrl) };
  const runs: RunFigures[] = [];
  for (let run = 1; run <= cli.runs; run++) {
    for (const target of targets) runs.push(await runOnce(target, run, cli, context, log));
  }

  const summaries: Partial<Record<ServerName, Summary>> = {};
  for (const t of targets) summaries[t.name] = summarize(runs.filter((r) => r.server === t.name));
  const comparison = summaries.bare && summaries.panier ? compare(summaries.bare, summaries.panier) : undefined;
  const floor =
    summaries['bare-redis'] && summaries.panier ? roundTripFloor(summaries['bare-redis'], summaries.panier, summaries.bare) : undefined;
  const paired = pairedFloor(runs);
  log('');
  log(table(summaries, runs, comparison, floor, paired));
  const json = JSON.stringify({
    bench: 'carts',
    settings: {
      carts: cli.carts,
      rate: cli.rate,
      seconds: cli.seconds,
      runs: cli.runs,
      reviewEvery: cli.reviewEvery,
      inflight: cli.inflight,
      saturationSeconds: cli.saturationSeconds,
      history: cli.history,
      serverCpu: serverCpu ?? null,
      clientCpu: serverCpu ? cli.clientCpu : null,
      panierLogLevel: cli.logLevel,
      panierRoot: cli.panierRoot,
    },
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version },
    median: summaries,
    ...(comparison ?? {}),
    ...(floor ? { vsBareRedis: { ...floor, ...(paired ? { paired } : {}) } } : {}),
    runs: runs.map(rawRun),
  });
  writeFileSync(join(OUT, 'carts-result.json'), json + '\n');
  log('');
  log(json);
}

main().then(
  () => {
    killAll();
    process.exit(0);
  },
  (error: unknown) => {
    console.error(error);
    killAll();
    process.exit(1);
  },
);

/** The node flags of `npm start` (package.json), so that Panier runs here as it runs in production. */
function productionNodeFlags(root: string): string[] {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const [command, ...args] = pkg.scripts.start.split(/\s+/);
  if (command !== 'node') throw new Error(`npm start does not run node: ${pkg.scripts.start}`);
  return args.filter((arg) => arg.startsWith('--'));
}
