// npm run import:dataset -- tafeng <dir> [--json]
//
// Loads a public dataset as purchases (and catalog products) through the import pipeline, so that
// a development database holds realistic histories. Re-running it adds nothing. The dataset's
// files stay where they are: the project never commits them.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CatalogService } from '../modules/catalog/catalog.service.js';
import { MAX_PRODUCTS_PER_CALL } from '../modules/catalog/dto/product.dto.js';
import { PurchaseImportService } from '../modules/purchases/import/purchase-import.service.js';
import { createIngestContext, parseArgs, peakRssMb, scheduleProfileRebuild } from './cli-context.js';
import { type BasketFile, type DatasetPurchase, tafengProducts, tafengPurchases } from './datasets/tafeng.js';

const LINES_PER_CHUNK = 2000;

async function main(): Promise<void> {
  const { positional, options } = parseArgs(process.argv.slice(2));
  const [dataset, dir] = positional;
  if (dataset !== 'tafeng' || !dir) {
    console.error('usage: npm run import:dataset -- tafeng <dir containing history.json and future.json> [--json]');
    process.exit(2);
  }
  const [history, future] = await Promise.all([readJson(join(dir, 'history.json')), readJson(join(dir, 'future.json'))]);
  const app = await createIngestContext();
  try {
    const products = tafengProducts(history, future);
    let upserted = 0;
    for (let i = 0; i < products.length; i += MAX_PRODUCTS_PER_CALL) {
      upserted += await app.get(CatalogService).upsert(products.slice(i, i + MAX_PRODUCTS_PER_CALL));
    }
    const report = await app
      .get(PurchaseImportService)
      .importStream(ndjson(tafengPurchases(history, future, new Date())), { format: 'ndjson' });
    const summary = {
      dataset,
      products: upserted,
      accepted: report.accepted,
      duplicates: report.duplicates,
      rejectedCount: report.rejectedCount,
      lines: report.lines,
      seconds: report.timings.totalMs / 1000,
      peakRssMb: peakRssMb(),
    };
    console.log(
      `tafeng: ${upserted} products; orders accepted ${report.accepted}, duplicates ${report.duplicates}, rejected ${report.rejectedCount}`,
    );
    for (const r of report.rejected.slice(0, 10)) console.log(`  record ${r.line}: ${r.code} ${r.message}`);
    await scheduleProfileRebuild(app, report.accepted);
    if (options.has('json')) console.log(JSON.stringify(summary));
  } finally {
    await app.close();
  }
}

async function readJson(path: string): Promise<BasketFile> {
  return JSON.parse(await readFile(path, 'utf8')) as BasketFile;
}

/** The purchases as NDJSON text: the same door as a file import, records numbered like lines. */
async function* ndjson(purchases: Iterable<DatasetPurchase>): AsyncGenerator<string> {
  let chunk: string[] = [];
  for (const purchase of purchases) {
    chunk.push(JSON.stringify(purchase));
    if (chunk.length === LINES_PER_CHUNK) {
      yield chunk.join('\n') + '\n';
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk.join('\n') + '\n';
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
