/**
 * k-anonymous aggregates for suppliers: no figure rests on fewer than `k` shoppers, and no
 * withheld figure can be recovered by subtraction. Pure functions, applied to exact counts.
 */

/** One group of a product report, exact. */
export interface ReportCell {
  group: string;
  buyers: number;
  baskets: number;
  units: number;
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
  const withheld = new Set(cells.filter((c) => c.buyers < k).map((c) => c.group));
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
    withheld.has(c.group) ? { group: c.group, buyers: null, baskets: null, units: null, withheld: true } : { ...c, withheld: false },
  );
  return { rows, suppressed: withheld.size };
}

/** A campaign's results as a supplier may see them. */
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
 * Counts below `k` (but above 0) are withheld; so is a conversion rate whose group or whose
 * converted count is below `k` (a rate times a published group size gives the count back), and
 * the uplift unless both rates are published.
 */
export function campaignInsight(f: CampaignFigures, k: number): CampaignInsight {
  const withheld: string[] = [];
  const count = (name: string, n: number): number | null => {
    if (n > 0 && n < k) {
      withheld.push(name);
      return null;
    }
    return n;
  };
  const treatmentSize = f.audience - f.holdout;
  const rate = (name: string, converted: number, size: number): number | null => {
    if (size < k || (converted > 0 && converted < k)) {
      withheld.push(name);
      return null;
    }
    return round(converted / size);
  };
  const treatment = rate('conversion.treatment', f.convertedTreatment, treatmentSize);
  const holdout = rate('conversion.holdout', f.convertedHoldout, f.holdout);
  const insight: CampaignInsight = {
    audience: count('audience', f.audience),
    holdout: count('holdout', f.holdout),
    delivered: count('delivered', f.delivered),
    seen: count('seen', f.seen),
    converted: count('converted', f.convertedTreatment),
    conversion: { treatment, holdout },
    uplift: { absolute: null, relative: null },
    withheld,
  };
  if (treatment !== null && holdout !== null) {
    insight.uplift = { absolute: round(treatment - holdout), relative: holdout > 0 ? round((treatment - holdout) / holdout) : null };
  } else {
    withheld.push('uplift');
  }
  return insight;
}
