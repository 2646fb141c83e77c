/**
 * Ranking metrics as defined in "A Next Basket Recommendation Reality Check"
 * (Li et al., TOIS 2023): binary relevance, recall over the target basket,
 * NDCG normalised by the ideal DCG of min(k, |target|) hits.
 */

/** 1 when `item` is among the first `k` of `ranked`, else 0. */
export function hitAt(ranked: readonly string[], item: string, k: number): number {
  return ranked.slice(0, k).includes(item) ? 1 : 0;
}

/** |hits in top k| / |target|. */
export function recallAt(ranked: readonly string[], target: ReadonlySet<string>, k: number): number {
  if (target.size === 0) return 0;
  return ranked.slice(0, k).filter((sku) => target.has(sku)).length / target.size;
}

/** DCG of the top k with binary gains, over the DCG of a perfect list. */
export function ndcgAt(ranked: readonly string[], target: ReadonlySet<string>, k: number): number {
  let dcg = 0;
  ranked.slice(0, k).forEach((sku, i) => {
    if (target.has(sku)) dcg += 1 / Math.log2(i + 2);
  });
  let ideal = 0;
  for (let i = 0; i < Math.min(k, target.size); i++) ideal += 1 / Math.log2(i + 2);
  return ideal === 0 ? 0 : dcg / ideal;
}
