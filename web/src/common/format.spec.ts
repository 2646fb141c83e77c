import { expiresIn, reasonInWords } from './format';

const NOW = new Date('2026-12-07T12:00:00Z');

describe('a reminder reason in words', () => {
  it('says the habit and how long ago', () => {
    expect(reasonInWords({ timesBought: 12, lastBoughtAt: '2026-11-28T09:00:00Z', typicalIntervalDays: 7.2 }, NOW)).toBe(
      'you buy this about every 7 days; last bought 9 days ago',
    );
  });

  it('counts purchases when there is no typical interval yet', () => {
    expect(reasonInWords({ timesBought: 1, lastBoughtAt: '2026-12-06T09:00:00Z' }, NOW)).toBe(
      'you have bought this once; last bought 1 day ago',
    );
    expect(reasonInWords({ timesBought: 3, lastBoughtAt: '2026-12-07T09:00:00Z' }, NOW)).toBe(
      'you have bought this 3 times; last bought today',
    );
  });
});

describe("an offer's expiry in words", () => {
  it('counts hours, then days', () => {
    expect(expiresIn('2026-12-07T17:30:00Z', NOW)).toBe('expires in 5 hours');
    expect(expiresIn('2026-12-10T12:00:00Z', NOW)).toBe('expires in 3 days');
    // A 7-day offer seen a moment after its delivery.
    expect(expiresIn('2026-12-14T11:59:00Z', NOW)).toBe('expires in 7 days');
    expect(expiresIn('2026-12-07T11:00:00Z', NOW)).toBe('expired');
  });
});
