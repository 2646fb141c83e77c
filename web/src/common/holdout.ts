/**
 * The holdout comparison's uncertainty, computed in the browser from the figures of
 * GET /v1/campaigns/:id/stats: a 95 % confidence interval on the absolute uplift (treatment
 * conversion minus holdout conversion) by Newcombe's hybrid score method (his method 10), built
 * from each group's Wilson interval. Unlike the plain Wald interval it stays inside [-1, 1] and
 * behaves with small groups and rates near 0, which is where a fresh campaign's figures are.
 */

const Z95 = 1.959964;

export interface Interval {
  low: number;
  high: number;
}

/** Wilson score interval of `successes` out of `n` (undefined for an empty group). */
export function wilson(successes: number, n: number, z = Z95): Interval | undefined {
  if (n <= 0) return undefined;
  const p = successes / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

export interface Group {
  converted: number;
  size: number;
}

/** Newcombe's interval for p1 - p2 (treatment minus holdout); undefined when either group is empty. */
export function upliftInterval(treatment: Group, holdout: Group, z = Z95): (Interval & { estimate: number }) | undefined {
  const w1 = wilson(treatment.converted, treatment.size, z);
  const w2 = wilson(holdout.converted, holdout.size, z);
  if (!w1 || !w2) return undefined;
  const p1 = treatment.converted / treatment.size;
  const p2 = holdout.converted / holdout.size;
  const d = p1 - p2;
  return {
    estimate: d,
    low: d - Math.sqrt((p1 - w1.low) ** 2 + (w2.high - p2) ** 2),
    high: d + Math.sqrt((w1.high - p1) ** 2 + (p2 - w2.low) ** 2),
  };
}
