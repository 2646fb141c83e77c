// npm run bench:import -- [--lines 1000000] [--format csv|ndjson] [--customers 20000] [--reimport]
//
// Generates a purchase file, loads it with `npm run import` (a child process, as operators run it)
// into a fresh database `panier_bench`, then loads the same file with `psql \copy` into a bare
// table, and compares. Prints where the importer's time went and ends with ONE JSON line.
// Needs `npm run build` first, PostgreSQL reachable at DATABASE_URL's server, and psql.
import 'dotenv/config';
import { mkdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { benchDatabaseUrl, query, recreateDatabase, run } from './lib/bench-db.js';
import { generatePurchaseFile } from './lib/purchase-file.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');

interface ImporterReport {
  accepted: number;
  duplicates: number;
  rejectedCount: number;
  lines: number;
  acceptedLines: number;
  acceptedItems: number;
  batches: number;
  timings: Record<string, number>;
  peakRssMb: number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      lines: { type: 'string', default: '1000000' },
      format: { type: 'string', default: 'csv' },
      customers: { type: 'string', default: '20000' },
      skus: { type: 'string', default: '5000' },
      reimport: { type: 'boolean', default: false },
    },
  });
  const format = values.format === 'ndjson' ? 'ndjson' : 'csv';
  const options = {
    lines: Number(values.lines),
    customers: Number(values.customers),
    skus: Number(values.skus),
    itemsPerOrder: 10,
    format,
    seed: 20261129,
  } as const;
  const url =
    process.env.BENCH_DATABASE_URL ??
    benchDatabaseUrl(process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/panier', 'panier_bench');

  const outDir = join(root, 'bench', '.out');
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `purchases-${options.lines}.${format}`);
  let started = performance.now();
  const generated = await generatePurchaseFile(file, options);
  console.log(
    `generated ${generated.lines} lines (${generated.orders} orders, ${options.customers} customers) in ${seconds(started)} s: ${file}`,
  );

  await recreateDatabase(url);
  const load = loadavg()[0];
  started = performance.now();
  const output = await importFile(file, format, url);
  const processSeconds = (performance.now() - started) / 1000;
  const report = lastJson<ImporterReport>(output);
  if (report.rejectedCount > 0 || report.acceptedItems !== generated.lines)
    throw new Error(`the importer did not load the whole file:\n${output}`);

  let reimport: ImporterReport | undefined;
  if (values.reimport) reimport = lastJson<ImporterReport>(await importFile(file, format, url));

  const bareSeconds = await bareCopy(url, file, format);
  printFigures(generated, report, processSeconds, bareSeconds, load, reimport);
}

/** `npm run import`, exactly as operators run it (its Node flags included), in a child process. */
function importFile(file: string, format: string, url: string): Promise<string> {
  return run('npm', ['run', '--silent', 'import', '--', file, '--format', format, '--json'], importerEnv(url), root);
}

/** The importer's environment: the bench database, and throw-away keys where none are configured. */
function importerEnv(url: string): NodeJS.ProcessEnv {
  const key = (fill: number) => `1:${Buffer.alloc(32, fill).toString('base64')}`;
  return {
    ...process.env,
    DATABASE_URL: url,
    ADMIN_API_KEY: process.env.ADMIN_API_KEY ?? 'bench-admin-key-0123456789abcdef',
    SHOPPER_JWT_SECRET: process.env.SHOPPER_JWT_PUBLIC_KEY
      ? undefined
      : (process.env.SHOPPER_JWT_SECRET ?? 'bench-shopper-secret-0123456789abcdef-0123'),
    PSEUDONYM_HMAC_KEYS: process.env.PSEUDONYM_HMAC_KEYS ?? key(1),
    VAULT_KEYS: process.env.VAULT_KEYS ?? key(2),
    LOG_LEVEL: 'warn',
  };
}

/** The floor: the same file into a table without keys, indexes or checks, by psql's \copy. */
async function bareCopy(url: string, file: string, format: 'csv' | 'ndjson'): Promise<number> {
  const columns =
    format === 'csv'
      ? 'customer_id text, order_id text, purchased_at timestamptz, channel text, sku text, quantity int, unit_price_cents int'
      : 'record text';
  await query(url, `DROP TABLE IF EXISTS bench_bare; CREATE TABLE bench_bare (${columns})`);
  const options = format === 'csv' ? 'WITH (FORMAT csv, HEADER true)' : '';
  const started = performance.now();
  await run('psql', [url, '-v', 'ON_ERROR_STOP=1', '-q', '-c', `\\copy bench_bare FROM '${file.replaceAll("'", "''")}' ${options}`]);
  return (performance.now() - started) / 1000;
}

function printFigures(
  generated: { lines: number; orders: number },
  r: ImporterReport,
  processSeconds: number,
  bareSeconds: number,
  load: number,
  reimport?: ImporterReport,
): void {
  const importSeconds = r.timings.totalMs / 1000;
  const linesPerSec = Math.round(generated.lines / importSeconds);
  const bareLinesPerSec = Math.round(generated.lines / bareSeconds);
  const ratio = Math.round((linesPerSec / bareLinesPerSec) * 1000) / 1000;
  const stages = Object.fromEntries(Object.entries(r.timings).map(([k, v]) => [k.replace(/Ms$/, 'Seconds'), Math.round(v) / 1000]));
  console.log(
    `importer: ${generated.lines} lines in ${importSeconds.toFixed(2)} s = ${linesPerSec} lines/s (process ${processSeconds.toFixed(2)} s with start-up), ${r.batches} batches`,
  );
  console.log(`psql \\copy into a bare table: ${bareSeconds.toFixed(2)} s = ${bareLinesPerSec} lines/s; importer/bare = ${ratio}`);
  console.log(`importer peak memory: ${r.peakRssMb} MB; machine load average when it started: ${load.toFixed(2)} (${cpus().length} cores)`);
  console.log('where the importer time goes (seconds; Node-side stages overlap the database-side ones of the previous batch):');
  for (const [stage, value] of Object.entries(stages)) console.log(`  ${stage.padEnd(22)} ${value.toFixed(2)}`);
  const again = reimport
    ? {
        reimportLinesPerSec: Math.round(generated.lines / (reimport.timings.totalMs / 1000)),
        reimportDuplicates: reimport.duplicates,
        reimportAccepted: reimport.accepted,
      }
    : {};
  if (reimport)
    console.log(
      `re-import of the same file: ${again.reimportLinesPerSec} lines/s, ${reimport.accepted} accepted, ${reimport.duplicates} duplicates`,
    );
  console.log(
    JSON.stringify({
      linesPerSec,
      bareLinesPerSec,
      ratio,
      peakRssMb: r.peakRssMb,
      lines: generated.lines,
      orders: generated.orders,
      importSeconds,
      processSeconds,
      bareSeconds,
      batches: r.batches,
      loadAverage: load,
      stages,
      ...again,
    }),
  );
}

function lastJson<T>(output: string): T {
  const line = output
    .trim()
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('{'));
  if (!line) throw new Error(`no JSON summary from the importer:\n${output}`);
  return JSON.parse(line) as T;
}

function seconds(since: number): string {
  return ((performance.now() - since) / 1000).toFixed(2);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
