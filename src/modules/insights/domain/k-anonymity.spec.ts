import { campaignInsight, type ReportCell, suppressSmallCells } from './k-anonymity.js';

const cell = (group: string, buyers: number): ReportCell => ({ group, buyers, baskets: buyers * 2, units: buyers * 3 });

describe('k-anonymous product reports', () => {
  it('publishes every cell when all rest on at least k buyers', () => {
    const { rows, suppressed } = suppressSmallCells([cell('store', 60), cell('online', 50)], 50);
    expect(suppressed).toBe(0);
    expect(rows).toEqual([{ ...cell('store', 60), withheld: false }, { ...cell('online', 50), withheld: false }]);
  });

  it('withholds a small cell and the next smallest, so the withheld pair cannot be read by subtraction', () => {
    const { rows, suppressed } = suppressSmallCells([cell('a', 500), cell('b', 10), cell('c', 120), cell('d', 300)], 50);
    expect(rows.filter((r) => r.withheld).map((r) => r.group)).toEqual(['b', 'c']);
    expect(suppressed).toBe(2);
    expect(rows.find((r) => r.group === 'b')).toEqual({ group: 'b', buyers: null, baskets: null, units: null, withheld: true });
  });

  it('keeps withholding until the withheld cells hold 2k buyers', () => {
    const { rows } = suppressSmallCells([cell('a', 10), cell('b', 20), cell('c', 60), cell('d', 1000)], 50);
    // 10 + 20 < 2k: c (60) is withheld too, and as 90 < 2k still, d as well.
    expect(rows.filter((r) => r.withheld).map((r) => r.group)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('withholds everything when no grouping is large enough', () => {
    expect(suppressSmallCells([cell('a', 3)], 50).suppressed).toBe(1);
    expect(suppressSmallCells([], 50)).toEqual({ rows: [], suppressed: 0 });
  });
});

describe('k-anonymous campaign results', () => {
  const big = { audience: 1000, holdout: 100, delivered: 880, seen: 400, convertedTreatment: 90, convertedHoldout: 60 };

  it('publishes rates and uplift when every group and count is large enough', () => {
    const insight = campaignInsight(big, 50);
    expect(insight).toMatchObject({ audience: 1000, holdout: 100, converted: 90, conversion: { treatment: 0.1, holdout: 0.6 }, withheld: [] });
    expect(insight.uplift.absolute).toBeCloseTo(-0.5);
  });

  it('withholds small counts, and the rates they could be read back from', () => {
    const insight = campaignInsight({ ...big, convertedTreatment: 7, holdout: 40 }, 50);
    expect(insight.converted).toBeNull();
    expect(insight.holdout).toBeNull();
    expect(insight.conversion).toEqual({ treatment: null, holdout: null });
    expect(insight.uplift).toEqual({ absolute: null, relative: null });
    expect(insight.withheld).toEqual(expect.arrayContaining(['converted', 'holdout', 'conversion.treatment', 'conversion.holdout', 'uplift']));
  });

  it('publishes zero as zero', () => {
    expect(campaignInsight({ ...big, seen: 0 }, 50).seen).toBe(0);
  });
});
