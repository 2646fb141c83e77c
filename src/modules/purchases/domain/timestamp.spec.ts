import { parseIsoTimestamp } from './timestamp.js';

describe('parseIsoTimestamp', () => {
  it('reads UTC and offset timestamps to the millisecond', () => {
    expect(parseIsoTimestamp('2026-11-29T10:15:00Z')).toBe(Date.UTC(2026, 10, 29, 10, 15));
    expect(parseIsoTimestamp('2026-11-29T10:15:00.123Z')).toBe(Date.UTC(2026, 10, 29, 10, 15, 0, 123));
    expect(parseIsoTimestamp('2026-11-29T11:15:00+01:00')).toBe(Date.UTC(2026, 10, 29, 10, 15));
    expect(parseIsoTimestamp('2026-11-29T05:45-04:30')).toBe(Date.UTC(2026, 10, 29, 10, 15));
    expect(parseIsoTimestamp('2026-11-29T10:15:00.123456789Z')).toBe(Date.UTC(2026, 10, 29, 10, 15, 0, 123));
  });

  it('refuses timestamps without an offset, impossible dates and other text', () => {
    for (const text of [
      '2026-11-29T10:15:00',
      '2026-11-29',
      '2026-02-30T00:00:00Z',
      '2026-13-01T00:00:00Z',
      '2026-11-29T24:00:00Z',
      'yesterday',
      '',
    ]) {
      expect(parseIsoTimestamp(text)).toBeUndefined();
    }
    expect(parseIsoTimestamp('2024-02-29T00:00:00Z')).toBe(Date.UTC(2024, 1, 29));
  });
});
