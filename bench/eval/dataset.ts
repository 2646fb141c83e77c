/**
 * Loads an evaluation dataset from a directory, its layout detected from what the directory holds:
 *
 * - Ta-Feng next-basket files (`history.json`, `future.json`; see the dataset's README). They have
 *   no dates: the baskets get synthetic ones a week apart, the future basket a week after the last.
 * - Purchases with real dates in the formats Panier imports (`npm run import`): every `*.ndjson`,
 *   `*.jsonl`, `*.json` or `*.csv` file of the directory, NDJSON or CSV told apart by content (a
 *   record starting with `{` is NDJSON). An NDJSON file whose first record is not a purchase (no
 *   `orderId` or `items`: products, notes) is passed over. Each shopper's latest order is the
 *   basket to predict.
 *
 * Purchases are read by the import's own readers, so a line the import would refuse is refused
 * here too (counted, not loaded).
 */
import { createReadStream } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DAY_MS, type ProfileOrder } from '../../src/modules/profiles/domain/habit-profile.js';
import { CsvReader } from '../../src/modules/purchases/domain/csv-reader.js';
import { LineSplitter } from '../../src/modules/purchases/domain/line-splitter.js';
import { compilePurchaseSchema } from '../../src/modules/purchases/domain/purchase-schema.js';
import { NdjsonReader, type RecordReader, type RecordSink } from '../../src/modules/purchases/domain/record-reader.js';

/** When every Ta-Feng future basket is dated: the "now" of its live cart. */
export const TAFENG_FUTURE_AT = Date.UTC(2001, 2, 1);
const WEEK_MS = 7 * DAY_MS;
const MAX_LINE_BYTES = 1 << 20;

/** One shopper: dated history orders and the basket to predict. */
export interface Shopper {
  readonly id: string;
  readonly history: readonly ProfileOrder[];
  readonly future: readonly string[];
  /** Epoch ms of the future basket: the instant of the live cart. */
  readonly futureAt: number;
}

/** What was loaded, and how. */
export interface Dataset {
  readonly layout: 'tafeng' | 'purchases';
  /** True when the dates are the dataset's own (not synthetic). */
  readonly realDates: boolean;
  readonly shoppers: Shopper[];
  /** Files read, and lines the import would refuse (purchase layout only). */
  readonly files: readonly string[];
  readonly rejectedLines: number;
}

type BasketFile = Record<string, number[][]>;

/** Reads the dataset of `dir`; shoppers come sorted by id (numeric ids numerically). */
export async function loadDataset(dir: string): Promise<Dataset> {
  const names = (await readdir(dir)).sort();
  if (names.includes('history.json') && names.includes('future.json')) {
    return {
      layout: 'tafeng',
      realDates: false,
      shoppers: await loadTafeng(dir),
      files: ['history.json', 'future.json'],
      rejectedLines: 0,
    };
  }
  const files = names.filter((name) => /\.(ndjson|jsonl|json|csv)$/i.test(name));
  if (files.length === 0) {
    throw new Error(`${dir}: neither history.json + future.json (Ta-Feng) nor purchase files (*.ndjson, *.jsonl, *.json, *.csv)`);
  }
  const orders: OrdersByShopper = new Map();
  let rejectedLines = 0;
  const read: string[] = [];
  for (const file of files) {
    const rejected = await readPurchases(join(dir, file), orders);
    if (rejected === undefined) continue;
    read.push(file);
    rejectedLines += rejected;
  }
  if (read.length === 0) throw new Error(`${dir}: no purchase file (NDJSON purchases or the import's CSV)`);
  return { layout: 'purchases', realDates: true, shoppers: toShoppers(orders), files: read, rejectedLines };
}

async function loadTafeng(dir: string): Promise<Shopper[]> {
  const [history, future] = await Promise.all([readBaskets(join(dir, 'history.json')), readBaskets(join(dir, 'future.json'))]);
  return sortedIds(Object.keys(history)).flatMap((id) => {
    const baskets = stripMarkers(history[id]);
    const target = stripMarkers(future[id] ?? [])[0];
    if (!target || baskets.length === 0) return [];
    const orders = baskets.map((skus, k) => ({
      purchasedAt: TAFENG_FUTURE_AT - (baskets.length - k) * WEEK_MS,
      skus: skus.map(String),
    }));
    return [{ id, history: orders, future: [...new Set(target.map(String))], futureAt: TAFENG_FUTURE_AT }];
  });
}

async function readBaskets(path: string): Promise<BasketFile> {
  return JSON.parse(await readFile(path, 'utf8')) as BasketFile;
}

/** Drops the [-1] sentinels that open and close each shopper's list. */
function stripMarkers(baskets: number[][]): number[][] {
  return baskets.filter((basket) => !(basket.length === 1 && basket[0] === -1));
}

type OrdersByShopper = Map<string, Array<ProfileOrder & { orderId: string }>>;

/**
 * Streams one purchase file through the import's readers; returns the count of refused lines, or
 * undefined for an NDJSON file of something else than purchases.
 */
async function readPurchases(path: string, into: OrdersByShopper): Promise<number | undefined> {
  const deps = {
    shape: compilePurchaseSchema(),
    // Any date the import accepts today or later: a dataset is history, whenever it is evaluated.
    clock: { now: Number.MAX_SAFE_INTEGER / 2, maxFutureSkewMs: 0 },
    maxLineBytes: MAX_LINE_BYTES,
  };
  let reader: RecordReader | undefined;
  let skipped = false;
  const rejected = new Set<number>();
  const seen = new Set<string>();
  const sink: RecordSink = {
    order: ({ order }) => {
      // An order id names one order (the import's own rule): a repeated one is a duplicate.
      if (seen.has(order.orderId)) return;
      seen.add(order.orderId);
      const list = into.get(order.customerId) ?? [];
      list.push({ orderId: order.orderId, purchasedAt: order.purchasedAt.getTime(), skus: order.items.map((item) => item.sku) });
      into.set(order.customerId, list);
    },
    reject: (rejection) => rejected.add(rejection.line),
  };
  const splitter = new LineSplitter(MAX_LINE_BYTES);
  const onLine = (no: number, text: string | undefined) => {
    if (!reader) {
      if (text === undefined || text.trim() === '') return;
      const ndjson = text.trimStart().startsWith('{');
      if (ndjson && !isPurchaseLike(text)) return void (skipped = true);
      reader = ndjson ? new NdjsonReader(deps) : new CsvReader(deps);
    }
    reader.accept(no, text, sink);
  };
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 18 })) {
    splitter.push(chunk as Buffer, onLine);
    if (skipped) return undefined;
  }
  splitter.end(onLine);
  if (skipped) return undefined;
  reader?.end(sink);
  return rejected.size;
}

function isPurchaseLike(text: string): boolean {
  try {
    const record = JSON.parse(text) as Record<string, unknown>;
    return typeof record === 'object' && record !== null && 'orderId' in record && 'items' in record;
  } catch {
    return true; // a malformed first line is the import's to refuse
  }
}

/** Orders by date (then order id); the latest is the future basket, the rest the history. */
function toShoppers(orders: OrdersByShopper): Shopper[] {
  return sortedIds([...orders.keys()]).flatMap((id) => {
    const list = orders.get(id)!.sort((a, b) => Number(a.purchasedAt) - Number(b.purchasedAt) || (a.orderId < b.orderId ? -1 : 1));
    if (list.length < 2) return [];
    const last = list[list.length - 1];
    const history = list.slice(0, -1).map(({ purchasedAt, skus }) => ({ purchasedAt, skus }));
    return [{ id, history, future: [...new Set(last.skus)], futureAt: Number(last.purchasedAt) }];
  });
}

function sortedIds(ids: string[]): string[] {
  return ids.sort((a, b) => {
    const [x, y] = [Number(a), Number(b)];
    if (Number.isFinite(x) && Number.isFinite(y) && x !== y) return x - y;
    return a < b ? -1 : a > b ? 1 : 0;
  });
}
