/**
 * Loads the Ta-Feng next-basket files (see the README that comes with the dataset)
 * and gives the baskets synthetic dates one week apart, the future basket one
 * week after the last history basket. The dataset has no real dates.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DAY_MS, type ProfileOrder } from '../../src/modules/profiles/domain/habit-profile.js';

/** When every shopper's future basket is dated: the "now" of the live cart. */
export const FUTURE_AT = Date.UTC(2001, 2, 1);
const WEEK_MS = 7 * DAY_MS;

/** One shopper: dated history orders and the basket to predict. */
export interface Shopper {
  readonly id: string;
  readonly history: readonly ProfileOrder[];
  readonly future: readonly string[];
}

type BasketFile = Record<string, number[][]>;

/** Reads history.json and future.json; shoppers come sorted by numeric id. */
export async function loadShoppers(dir: string): Promise<Shopper[]> {
  const [history, future] = await Promise.all([readBaskets(join(dir, 'history.json')), readBaskets(join(dir, 'future.json'))]);
  const ids = Object.keys(history).sort((a, b) => Number(a) - Number(b) || (a < b ? -1 : 1));
  return ids.flatMap((id) => {
    const baskets = stripMarkers(history[id]);
    const target = stripMarkers(future[id] ?? [])[0];
    if (!target || baskets.length === 0) return [];
    const orders = baskets.map((skus, k) => ({
      purchasedAt: FUTURE_AT - (baskets.length - k) * WEEK_MS,
      skus: skus.map(String),
    }));
    return [{ id, history: orders, future: [...new Set(target.map(String))] }];
  });
}

async function readBaskets(path: string): Promise<BasketFile> {
  return JSON.parse(await readFile(path, 'utf8')) as BasketFile;
}

/** Drops the [-1] sentinels that open and close each shopper's list. */
function stripMarkers(baskets: number[][]): number[][] {
  return baskets.filter((basket) => !(basket.length === 1 && basket[0] === -1));
}
