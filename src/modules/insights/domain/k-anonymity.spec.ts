import { campaignInsight, type ReportCell, suppressSmallCells, fewestPerEdge } from './k-anonymity.js';

const cell = (group: string, buyers: number): ReportCell => ({ group, buyers, baskets: buyers * 2, units: buyers * 3 });

describe('k-anonymous product reports', () => {
  it('publishes every cell when all rest on at least k buyers', () => {
    const { rows, suppressed } = suppressSmallCells([cell('store', 60), cell('online', 50)], 50);
    expect(suppressed).toBe(0);
    expect(rows).toEqual([
      { ...cell('store', 60), withheld: false },
      { ...cell('online', 50), withheld: false },
    ]);
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

  it('withholds a group where one of the skus has fewer than k buyers, even if the group is large', () => {
    const { rows } = suppressSmallCells(
      [{ ...cell('a', 400), fewestPerSku: 12 }, { ...cell('b', 300), fewestPerSku: 80 }, cell('c', 500)],
      50,
    );
    expect(rows.filter((r) => r.withheld).map((r) => r.group)).toEqual(['a', 'b']);
    expect(rows.find((r) => r.group === 'c')).toEqual({ ...cell('c', 500), withheld: false });
  });

  it('withholds everything when no grouping is large enough', () => {
    expect(suppressSmallCells([cell('a', 3)], 50).suppressed).toBe(1);
    expect(suppressSmallCells([], 50)).toEqual({ rows: [], suppressed: 0 });
  });
});

describe('k-anonymous campaign results', () => {
  const big = { audience: 1000, holdout: 200, delivered: 700, seen: 400, convertedTreatment: 90, convertedHoldout: 60 };

  it('publishes rates and uplift when every group, count and difference is large enough', () => {
    const insight = campaignInsight(big, 50);
    expect(insight).toMatchObject({
      audience: 1000,
      holdout: 200,
      delivered: 700,
      seen: 400,
      converted: 90,
      conversion: { treatment: 0.1125, holdout: 0.3 },
      withheld: [],
    });
    expect(insight.uplift.absolute).toBeCloseTo(-0.1875);
  });

  it('withholds small counts, and the rates they could be read back from', () => {
    const insight = campaignInsight({ ...big, convertedTreatment: 7 }, 50);
    expect(insight.converted).toBeNull();
    expect(insight.conversion.treatment).toBeNull();
    expect(insight.uplift).toEqual({ absolute: null, relative: null });
    expect(insight.withheld).toEqual(['conversion.treatment', 'converted', 'uplift']);
  });

  it('does not let a small holdout be recovered from the audience, the treatment rate and its count', () => {
    // Published audience, converted and treatment rate would give the treatment size, hence the holdout.
    const insight = campaignInsight({ ...big, holdout: 40 }, 50);
    expect(insight).toMatchObject({ audience: null, holdout: null, converted: null, conversion: { treatment: null, holdout: null } });
  });

  it('withholds a figure whose difference with the next one rests on fewer than k shoppers', () => {
    expect(campaignInsight({ ...big, seen: 690 }, 50).seen).toBeNull(); // 10 unseen
    expect(campaignInsight({ ...big, delivered: 790 }, 50).delivered).toBeNull(); // 10 undelivered
    expect(campaignInsight({ ...big, convertedHoldout: 195 }, 50).conversion.holdout).toBeNull(); // 5 did not convert
  });

  it('publishes zero as zero', () => {
    expect(campaignInsight({ ...big, seen: 0 }, 50).seen).toBe(0);
    expect(
      campaignInsight({ audience: 0, holdout: 0, delivered: 0, seen: 0, convertedTreatment: 0, convertedHoldout: 0 }, 50),
    ).toMatchObject({ audience: 0, delivered: 0, conversion: { treatment: null, holdout: null } });
  });
});

describe('runs of months opening or closing a window', () => {
  it('counts the buyers of each opening and closing run, ignoring empty ones', () => {
    // Three months: 60 buyers first and last in month 0, 3 first and last in month 2.
    const firsts = new Map([
      [0, 60],
      [2, 3],
    ]);
    const lasts = new Map([
      [0, 60],
      [2, 3],
    ]);
    // Opening runs: {0} 60, {0,1} 60; closing runs: {2} 3, {1,2} 3.
    expect(fewestPerEdge(3, firsts, lasts)).toBe(3);
    expect(fewestPerEdge(1, firsts, lasts)).toBeUndefined();
    // A buyer spanning the window is in every run: no small edge.
    expect(fewestPerEdge(2, new Map([[0, 70]]), new Map([[1, 70]]))).toBe(70);
  });

  it('withholds a group whose edge rests on fewer than k buyers', () => {
    const { rows } = suppressSmallCells(
      [
        { group: 'a', buyers: 63, baskets: 63, units: 63, fewestPerEdge: 3 },
        { group: 'b', buyers: 80, baskets: 80, units: 80, fewestPerEdge: 60 },
        { group: 'c', buyers: 90, baskets: 90, units: 90 },
      ],
      50,
    );
    expect(rows.map((r) => r.withheld)).toEqual([true, true, false]);
  });
});
