// npm run demo:dataset -- <dir> [--format ndjson|csv] [--shoppers 3000] [--seed 14] [--days 182] [--end YYYY-MM-DD]
//
// Writes the demo world's histories as import files (what `npm run import` reads), with the
// catalog and each shopper's true habits beside them, for offline evaluation of the reminders
// on data with real dates. Nothing touches a database. Same options, same files.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { DEFAULT_DEMO_WORLD, type DemoPurchase, demoWorld } from '../modules/demo/domain/demo-world.js';
import { parseArgs } from './cli-context.js';

const USAGE = 'usage: npm run demo:dataset -- <dir> [--format ndjson|csv] [--shoppers N] [--seed N] [--days N] [--end YYYY-MM-DD]';

async function main(): Promise<void> {
  const { positional, options } = parseArgs(process.argv.slice(2));
  const [dir] = positional;
  const format = options.get('format') ?? 'ndjson';
  const number = (name: string, fallback: number) => (typeof options.get(name) === 'string' ? Number(options.get(name)) : fallback);
  const world = demoWorld({
    seed: number('seed', DEFAULT_DEMO_WORLD.seed),
    shoppers: number('shoppers', DEFAULT_DEMO_WORLD.shoppers),
    days: number('days', DEFAULT_DEMO_WORLD.days),
  });
  const endOption = options.get('end');
  const end = typeof endOption === 'string' ? new Date(`${endOption}T00:00:00Z`) : new Date();
  const valid = [world.options.seed, world.options.shoppers, world.options.days].every((n) => Number.isInteger(n) && n > 0);
  if (!dir || (format !== 'ndjson' && format !== 'csv') || !valid || Number.isNaN(end.getTime())) {
    console.error(USAGE);
    process.exit(2);
  }
  await mkdir(dir, { recursive: true });
  await writeLines(
    join(dir, 'products.ndjson'),
    world.products.map((p) => JSON.stringify(p)),
  );
  await writeLines(
    join(dir, 'shoppers.ndjson'),
    world.shoppers.map((s) => JSON.stringify(s)),
  );
  const file = join(dir, `purchases.${format}`);
  let orders = 0;
  await writeLines(file, format === 'csv' ? csv(world.purchases(end), () => orders++) : ndjson(world.purchases(end), () => orders++));
  console.log(
    `demo:dataset: ${world.products.length} products, ${world.shoppers.length} shoppers, ${orders} orders ending ${end.toISOString().slice(0, 10)} in ${dir}`,
  );
  console.log(`  load them with: npm run import -- ${file}`);
}

function* ndjson(purchases: Iterable<DemoPurchase>, counted: () => void): Generator<string> {
  for (const p of purchases) {
    counted();
    yield JSON.stringify(p);
  }
}

/** One line per purchased item, the lines of one order together (the import's CSV). */
function* csv(purchases: Iterable<DemoPurchase>, counted: () => void): Generator<string> {
  yield 'customerId,orderId,purchasedAt,channel,sku,quantity,unitPriceCents';
  for (const p of purchases) {
    counted();
    for (const i of p.items) yield [p.customerId, p.orderId, p.purchasedAt, p.channel, i.sku, i.quantity, i.unitPriceCents].join(',');
  }
}

async function writeLines(path: string, lines: Iterable<string>): Promise<void> {
  const out = createWriteStream(path);
  for (const line of lines) if (!out.write(line + '\n')) await once(out, 'drain');
  out.end();
  await finished(out);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
