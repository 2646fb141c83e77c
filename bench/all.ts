/**
 * `npm run bench`: every benchmark of BENCHES (bench/all/benches.ts) with its small defaults, one
 * after the other, then docs/benchmarks.md from the JSON line each one ends with.
 *
 *   npm run bench [-- --only bench:fanout,bench:carts]   (with --only, prints the report and writes nothing)
 *
 * Each benchmark uses its own database and Redis db (see its header in bench/). With
 * BENCH_DATABASE_URL set, each gets a database of that name plus its own suffix
 * (`…/panier_bench_mine` → `panier_bench_mine_fanout`), and BENCH_REDIS_URL, if set, is passed to
 * every one of them (they run one at a time and each empties it first). A script missing from
 * package.json is skipped with a note; a benchmark that fails is reported as failed and the others
 * still run.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import pg from 'pg';
import * as prettier from 'prettier';
import { BENCHES, genericFigures } from './all/benches.js';
import { lastJsonLine, type Machine, type Outcome, renderReport } from './all/report.js';

const ROOT = process.cwd();
const REPORT = join(ROOT, 'docs', 'benchmarks.md');

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { only: { type: 'string' } } });
  const only = values.only?.split(',');
  const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  const startedAt = new Date();
  const loadStart = load();
  const outcomes: Outcome[] = [];
  for (const bench of BENCHES.filter((b) => !only || only.includes(b.script))) {
    const command = `npm run ${bench.script}${bench.args.length ? ` -- ${bench.args.join(' ')}` : ''}`;
    const base = { script: bench.script, what: bench.what, command };
    if (!scripts[bench.script]) {
      console.log(`\n[bench] ${bench.script}: no such script in package.json, skipped`);
      outcomes.push({ ...base, status: 'skipped', reason: `no \`${bench.script}\` script in package.json` });
      continue;
    }
    console.log(`\n[bench] ${command}`);
    const started = performance.now();
    const { code, output } = await run(bench.script, bench.args, databaseFor(bench.script));
    const seconds = Math.round((performance.now() - started) / 1000);
    const json = lastJsonLine(output);
    if (code !== 0 || !json) {
      outcomes.push({
        ...base,
        status: 'failed',
        seconds,
        reason: code !== 0 ? `exit status ${code}` : 'no JSON line at the end of its output',
      });
      continue;
    }
    outcomes.push({
      ...base,
      status: 'ran',
      seconds,
      figures: (bench.figures ?? genericFigures)(json),
      notes: bench.notes?.(json) ?? [],
    });
  }
  const report = renderReport({
    startedAt,
    seconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
    command: 'npm run bench',
    machine: await machine(),
    loadAverage: { start: loadStart, end: load() },
    outcomes,
  });
  const formatted = await prettier.format(report, { ...(await prettier.resolveConfig(REPORT)), filepath: REPORT });
  if (only) {
    console.log(`\n${formatted}\n[bench] --only: ${REPORT} left as it was`);
  } else {
    writeFileSync(REPORT, formatted);
    console.log(`\n[bench] wrote ${REPORT}`);
  }
  if (outcomes.some((o) => o.status === 'failed')) process.exitCode = 1;
}

/** BENCH_DATABASE_URL with the benchmark's suffix, when set: one database per benchmark, never shared. */
function databaseFor(script: string): Record<string, string> {
  const base = process.env.BENCH_DATABASE_URL;
  if (!base) return {};
  const url = new URL(base);
  url.pathname = `${url.pathname}_${script.replace(/^bench:/, '').replace(/\W/g, '_')}`;
  return { BENCH_DATABASE_URL: url.toString() };
}

/** Runs `npm run <script> -- <args>`, its output passed through and kept. */
function run(script: string, args: string[], env: Record<string, string>): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', script, ...(args.length ? ['--', ...args] : [])], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, ...env },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk);
      output += chunk.toString();
    });
    child.once('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
  });
}

const load = () => Math.round(loadavg()[0] * 100) / 100;

async function machine(): Promise<Machine> {
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown CPU',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version.slice(1),
    postgres: await postgresVersion(),
    redis: await redisVersion(),
    os: `${type()} ${release()}`,
  };
}

async function postgresVersion(): Promise<string> {
  const client = new pg.Client({ connectionString: process.env.BENCH_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres' });
  try {
    await client.connect();
    return (await client.query<{ server_version: string }>('SHOW server_version')).rows[0].server_version.split(' ')[0];
  } catch {
    return 'unknown';
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function redisVersion(): Promise<string> {
  const redis = new Redis(process.env.BENCH_REDIS_SERVER_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: true, maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return /redis_version:([^\r\n]+)/.exec(await redis.info('server'))?.[1] ?? 'unknown';
  } catch {
    return 'unknown';
  } finally {
    redis.disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
