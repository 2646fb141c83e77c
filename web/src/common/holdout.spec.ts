import { upliftInterval, wilson } from './holdout';

describe('holdout uncertainty', () => {
  it("gives Wilson's interval of one group", () => {
    expect(wilson(81, 263)).toEqual({ low: expect.closeTo(0.2553, 4), high: expect.closeTo(0.3662, 4) });
    expect(wilson(0, 10)).toEqual({ low: 0, high: expect.closeTo(0.2775, 4) });
    expect(wilson(0, 0)).toBeUndefined();
  });

  it("matches Newcombe's (1998) worked examples for a difference of proportions, method 10", () => {
    expect(upliftInterval({ converted: 56, size: 70 }, { converted: 48, size: 80 })).toEqual({
      estimate: expect.closeTo(0.2, 6),
      low: expect.closeTo(0.0524, 4),
      high: expect.closeTo(0.3339, 4),
    });
    expect(upliftInterval({ converted: 9, size: 10 }, { converted: 3, size: 10 })).toMatchObject({
      low: expect.closeTo(0.1705, 4),
      high: expect.closeTo(0.809, 4),
    });
  });

  it('has no interval while a group is empty', () => {
    expect(upliftInterval({ converted: 3, size: 100 }, { converted: 0, size: 0 })).toBeUndefined();
  });
});
