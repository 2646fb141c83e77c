/**
 * Writes the seeded dated world of bench/eval/dated-world.ts as a purchase file that both
 * `npm run import` and `eval:reminders` read:
 *
 *   node dist/bench/gen-dated-purchases.js <dir> [--seed N] [--shoppers N] [--format csv|ndjson]
 */
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { DEFAULT_DATED_WORLD, type DatedPurchase, datedWorld } from './eval/dated-world.js';

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: {
      seed: { type: 'string', default: String(DEFAULT_DATED_WORLD.seed) },
      shoppers: { type: 'string', default: String(DEFAULT_DATED_WORLD.shoppers) },
      format: { type: 'string', default: 'csv' },
    },
  });
  const [dir] = positionals;
  const format = values.format;
  if (!dir || (format !== 'csv' && format !== 'ndjson'))
    throw new Error('usage: gen-dated-purchases <dir> [--seed N] [--shoppers N] [--format csv|ndjson]');
  const options = { ...DEFAULT_DATED_WORLD, seed: Number(values.seed), shoppers: Number(values.shoppers) };
  await mkdir(dir, { recursive: true });
  const path = join(dir, `purchases.${format}`);
  const out = createWriteStream(path);
  let orders = 0;
  if (format === 'csv') out.write('customerId,orderId,purchasedAt,channel,sku,quantity\n');
  for (const purchase of datedWorld(options)) {
    if (!out.write(format === 'csv' ? csvLines(purchase) : ndjsonLine(purchase))) await once(out, 'drain');
    orders++;
  }
  out.end();
  await once(out, 'finish');
  console.log(`${path}: ${orders} orders of ${options.shoppers} shoppers (seed ${options.seed})`);
}

function csvLines(p: DatedPurchase): string {
  return p.skus.map((sku) => `${p.customerId},${p.orderId},${p.purchasedAt},store,${sku},1\n`).join('');
}

function ndjsonLine(p: DatedPurchase): string {
  const items = p.skus.map((sku) => ({ sku, quantity: 1 }));
  return JSON.stringify({ customerId: p.customerId, orderId: p.orderId, purchasedAt: p.purchasedAt, channel: 'store', items }) + '\n';
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
