// k-anonymous aggregates for suppliers: no figure rests on fewer than `k` shoppers, and no
// withheld figure can be recovered by subtraction. Pure functions, applied to exact counts.

/** One group of a product report, exact. */
export interface ReportCell {
  group: string;
  buyers: number;
  baskets: number;
  units: number;
  /**
   * The fewest buyers any one of the report's skus has in this group (skus absent from it aside):
   * a report on {A, B} minus one on {A} would give B's figures, so each sku must pass k on its own.
   */
  fewestPerSku?: number;
  /**
   * The fewest buyers (at least one) of any run of whole months that starts or ends the window
   * without being all of it: a report on the window minus one on the rest of it would give that
   * run's figures, so each such run must pass k too.
   */
  fewestPerEdge?: number;
}

/**
 * The fewest buyers (ignoring runs without any) of the runs of months opening or closing a window
 * of `months` months (numbered 0…months-1), from the count of buyers whose first and whose last
 * purchase in the window fell in each month. A buyer is in the run of months 0…j when their first
 * purchase is in it, and in the run j…months-1 when their last one is. Undefined for one month.
 */
export function fewestPerEdge(months: number, firsts: ReadonlyMap<number, number>, lasts: ReadonlyMap<number, number>): number | undefined {
  let fewest: number | undefined;
  const consider = (n: number) => {
    if (n > 0 && (fewest === undefined || n < fewest)) fewest = n;
  };
  let opening = 0;
  for (let j = 0; j < months - 1; j++) consider((opening += firsts.get(j) ?? 0));
  let closing = 0;
  for (let j = months - 1; j > 0; j--) consider((closing += lasts.get(j) ?? 0));
  return fewest;
}

/** What a supplier sees of it. */
export interface ReportRow {
  group: string;
  buyers: number | null;
  baskets: number | null;
  units: number | null;
  withheld: boolean;
}

/**
 * Withholds every cell of fewer than `k` buyers (primary suppression), then, if any was withheld,
 * more of the smallest cells until the withheld ones together hold at least 2k buyers and are at
 * least two (secondary suppression). Baskets and units add up across groups, so a supplier who
 * knows the total (from another grouping of the same query) could otherwise subtract the
 * published cells from it and read a lone withheld one. Buyers are summed per cell: a shopper in
 * two withheld cells counts twice, hence the margin of 2k rather than k.
 */
export function suppressSmallCells(cells: readonly ReportCell[], k: number): { rows: ReportRow[]; suppressed: number } {
  const withheld = new Set(
    cells.filter((c) => c.buyers < k || (c.fewestPerSku ?? k) < k || (c.fewestPerEdge ?? k) < k).map((c) => c.group),
  );
  if (withheld.size > 0) {
    const byBuyers = [...cells].sort((a, b) => a.buyers - b.buyers || a.group.localeCompare(b.group));
    let held = cells.filter((c) => withheld.has(c.group)).reduce((sum, c) => sum + c.buyers, 0);
    for (const cell of byBuyers) {
      if (withheld.size >= 2 && held >= 2 * k) break;
      if (withheld.has(cell.group)) continue;
      withheld.add(cell.group);
      held += cell.buyers;
    }
  }
  const rows = cells.map((c) =>
    withheld.has(c.group)
      ? { group: c.group, buyers: null, baskets: null, units: null, withheld: true }
      : { group: c.group, buyers: c.buyers, baskets: c.baskets, units: c.units, withheld: false },
  );
  return { rows, suppressed: withheld.size };
}

/** A campaign's exact figures, counting only the shoppers the report may count. */
export interface CampaignFigures {
  audience: number;
  holdout: number;
  delivered: number;
  seen: number;
  convertedTreatment: number;
  convertedHoldout: number;
}

export interface CampaignInsight {
  audience: number | null;
  holdout: number | null;
  delivered: number | null;
  seen: number | null;
  converted: number | null;
  conversion: { treatment: number | null; holdout: number | null };
  uplift: { absolute: number | null; relative: number | null };
  /** The figures withheld, by name. */
  withheld: string[];
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

/**
 * What a supplier may see of a campaign. A figure is withheld when it rests on 1 to k-1 shoppers,
 * and also when it could give such a number back by subtraction or division from what is
 * published: treatment (audience − holdout) or holdout below k withholds the group sizes, the
 * treatment's converted count and both rates (a rate and a count give the group back); a rate is
 * withheld when its group's converters or non-converters are 1 to k-1; delivered when the
 * undelivered treatment shoppers are, seen when the unseen deliveries are; the uplift unless both
 * rates are published. 0 is published (it rests on nobody).
 */
export function campaignInsight(f: CampaignFigures, k: number): CampaignInsight {
  const small = (n: number) => n > 0 && n < k;
  const treatmentSize = f.audience - f.holdout;
  const hide = new Set<string>();
  if (small(f.audience)) hide.add('audience');
  if (small(treatmentSize) || small(f.holdout))
    for (const name of ['audience', 'holdout', 'converted', 'conversion.treatment', 'conversion.holdout']) hide.add(name);
  if (small(f.convertedTreatment) || small(treatmentSize - f.convertedTreatment)) {
    hide.add('converted');
    hide.add('conversion.treatment');
  }
  if (treatmentSize < k) hide.add('conversion.treatment');
  if (small(f.convertedHoldout) || small(f.holdout - f.convertedHoldout) || f.holdout < k) hide.add('conversion.holdout');
  if (small(f.delivered) || small(treatmentSize - f.delivered)) hide.add('delivered');
  if (small(f.seen) || small(f.delivered - f.seen)) hide.add('seen');
  const treatment = hide.has('conversion.treatment') ? null : round(f.convertedTreatment / treatmentSize);
  const holdout = hide.has('conversion.holdout') ? null : round(f.convertedHoldout / f.holdout);
  let uplift: CampaignInsight['uplift'] = { absolute: null, relative: null };
  if (treatment !== null && holdout !== null)
    uplift = { absolute: round(treatment - holdout), relative: holdout > 0 ? round((treatment - holdout) / holdout) : null };
  else hide.add('uplift');
  const shown = (name: string, n: number) => (hide.has(name) ? null : n);
  return {
    audience: shown('audience', f.audience),
    holdout: shown('holdout', f.holdout),
    delivered: shown('delivered', f.delivered),
    seen: shown('seen', f.seen),
    converted: shown('converted', f.convertedTreatment),
    conversion: { treatment, holdout },
    uplift,
    withheld: [...hide].sort(),
  };
}
