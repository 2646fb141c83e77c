// npm run import -- <file> [--format csv|ndjson] [--json]
//
// Loads purchases from an NDJSON or CSV file (or `-` for stdin) through the same pipeline as
// POST /v1/purchases/bulk: every valid order stored, every rejected line reported with its number,
// loading the same file twice adds nothing. `--json` ends the output with one JSON line (the
// report, its stage timings and the peak memory) for scripts and the benchmark.
import { createReadStream } from 'node:fs';
import { extname } from 'node:path';
import type { ImportReport } from '../modules/purchases/import/import-report.js';
import { type ImportFormat, PurchaseImportService } from '../modules/purchases/import/purchase-import.service.js';
import { createIngestContext, parseArgs, peakRssMb, scheduleProfileRebuild } from './cli-context.js';

const SHOWN_REJECTIONS = 20;

async function main(): Promise<void> {
  const { positional, options } = parseArgs(process.argv.slice(2));
  const file = positional[0];
  if (!file) {
    console.error('usage: npm run import -- <file.ndjson|file.csv|-> [--format csv|ndjson] [--json]');
    process.exit(2);
  }
  const format = formatOf(file, options.get('format'));
  const app = await createIngestContext();
  try {
    const source = file === '-' ? process.stdin : createReadStream(file, { highWaterMark: 1 << 18 });
    const report = await app.get(PurchaseImportService).importStream(source, { format });
    await scheduleProfileRebuild(app, report.accepted);
    print(file, report, options.has('json'));
  } finally {
    await app.close();
  }
}

function formatOf(file: string, option: string | true | undefined): ImportFormat {
  if (option === 'csv' || option === 'ndjson') return option;
  if (option !== undefined) {
    console.error('--format must be csv or ndjson');
    process.exit(2);
  }
  return extname(file).toLowerCase() === '.csv' ? 'csv' : 'ndjson';
}

function print(file: string, report: ImportReport, json: boolean): void {
  const t = report.timings;
  const seconds = t.totalMs / 1000;
  const rate = (n: number) => Math.round(n / Math.max(seconds, 1e-9));
  console.log(
    `${file}: ${report.lines} lines in ${seconds.toFixed(2)} s (${rate(report.lines)} lines/s, ${rate(report.acceptedItems)} stored items/s)`,
  );
  console.log(
    `  orders accepted ${report.accepted} (${report.acceptedLines} lines, ${report.acceptedItems} items), duplicates ${report.duplicates}, rejected lines ${report.rejectedCount}`,
  );
  for (const r of report.rejected.slice(0, SHOWN_REJECTIONS)) console.log(`  line ${r.line}: ${r.code} ${r.message}`);
  if (report.rejectedCount > SHOWN_REJECTIONS) console.log(`  … ${report.rejectedCount - SHOWN_REJECTIONS} more rejected lines`);
  const ms = (v: number) => Math.round(v);
  console.log(
    `  stages (ms, overlapping): parse/validate ${ms(t.parseMs)}, pseudonymize ${ms(t.pseudonymizeMs)}, encode ${ms(t.encodeMs)}, ` +
      `COPY ${ms(t.copyMs)}, merge ${ms(t.mergeMs)}, hook ${ms(t.hookMs)}, waiting for the database ${ms(t.waitMs)}`,
  );
  console.log(`  peak memory ${peakRssMb()} MB`);
  if (json) {
    const { rejected: _listed, ...counts } = report;
    console.log(JSON.stringify({ ...counts, rejected: report.rejected.slice(0, SHOWN_REJECTIONS), peakRssMb: peakRssMb() }));
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
