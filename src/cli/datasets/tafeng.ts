/**
 * The Ta-Feng next-basket files (history.json + future.json: `{ "<userId>": [[-1], basket, …, [-1]] }`,
 * baskets of integer item ids, no dates, no names) as Panier purchases and products. Everything is
 * derived deterministically from the files, except the dates, which end the day before `importDay`:
 * orderIds do not depend on dates, so a re-import (even on another day) finds its duplicates.
 */

export type BasketFile = Record<string, number[][]>;

export interface DatasetPurchase {
  customerId: string;
  orderId: string;
  purchasedAt: string;
  channel: 'store';
  items: Array<{ sku: string; quantity: number }>;
}

export interface DatasetProduct {
  sku: string;
  name: string;
  category: string;
}

const DAY_MS = 86_400_000;
const CATEGORIES = 20;

export const tafengSku = (itemId: number) => `tf-${itemId}`;

/**
 * Each user's baskets in order, history then the future basket, one week apart; the last one at
 * noon UTC the day before `importDay`. Repeated items of a basket become one line with a quantity.
 */
export function* tafengPurchases(history: BasketFile, future: BasketFile, importDay: Date): Generator<DatasetPurchase> {
  const lastAt = Date.UTC(importDay.getUTCFullYear(), importDay.getUTCMonth(), importDay.getUTCDate()) - DAY_MS / 2;
  const users = Object.keys(history).sort((a, b) => Number(a) - Number(b) || (a < b ? -1 : 1));
  for (const user of users) {
    const baskets = [...stripMarkers(history[user]), ...stripMarkers(future[user] ?? [])].filter((b) => b.length > 0);
    for (let n = 0; n < baskets.length; n++) {
      yield {
        customerId: `tafeng-${user}`,
        orderId: `tafeng-${user}-${n + 1}`,
        purchasedAt: new Date(lastAt - (baskets.length - 1 - n) * 7 * DAY_MS).toISOString(),
        channel: 'store',
        items: quantities(baskets[n]),
      };
    }
  }
}

/** One product per item id seen, with a generated name and one of a few categories. */
export function tafengProducts(history: BasketFile, future: BasketFile): DatasetProduct[] {
  const ids = new Set<number>();
  for (const file of [history, future]) {
    for (const baskets of Object.values(file)) for (const basket of stripMarkers(baskets)) for (const id of basket) ids.add(id);
  }
  return [...ids]
    .sort((a, b) => a - b)
    .map((id) => ({ sku: tafengSku(id), name: `Ta-Feng item ${id}`, category: `Ta-Feng category ${id % CATEGORIES}` }));
}

/** Drops the [-1] markers that open and close each user's list. */
function stripMarkers(baskets: number[][]): number[][] {
  return baskets.filter((basket) => !(basket.length === 1 && basket[0] === -1));
}

function quantities(basket: number[]): Array<{ sku: string; quantity: number }> {
  const counts = new Map<number, number>();
  for (const id of basket) counts.set(id, (counts.get(id) ?? 0) + 1);
  return [...counts].map(([id, quantity]) => ({ sku: tafengSku(id), quantity }));
}
