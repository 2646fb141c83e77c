import { isHhMm, isTimeZone, quietWindowEnd } from './quiet-hours.js';

describe('quiet hours', () => {
  const paris = { start: '21:00', end: '08:00', timezone: 'Europe/Paris' };

  it('validates HH:MM and IANA zones', () => {
    expect(['00:00', '21:00', '23:59'].every(isHhMm)).toBe(true);
    expect(['24:00', '7:00', '12:60', '12:00:00', ''].some(isHhMm)).toBe(false);
    expect(isTimeZone('Europe/Paris')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });

  it('is outside the window during the day', () => {
    expect(quietWindowEnd(paris, new Date('2026-11-29T12:00:00Z'))).toBeNull();
    // 07:00 UTC is 08:00 in Paris in winter: the window has just ended.
    expect(quietWindowEnd(paris, new Date('2026-11-29T07:00:00Z'))).toBeNull();
  });

  it('ends a window that runs past midnight at the next local 08:00', () => {
    // 22:30 Paris (21:30 UTC) → 08:00 Paris next day = 07:00 UTC.
    expect(quietWindowEnd(paris, new Date('2026-11-29T21:30:15.250Z'))?.toISOString()).toBe('2026-11-30T07:00:00.000Z');
    // 03:00 Paris → 08:00 Paris the same day.
    expect(quietWindowEnd(paris, new Date('2026-11-30T02:00:00Z'))?.toISOString()).toBe('2026-11-30T07:00:00.000Z');
  });

  it('handles a window within one day and the start boundary', () => {
    const lunch = { start: '12:00', end: '14:00', timezone: 'UTC' };
    expect(quietWindowEnd(lunch, new Date('2026-11-29T12:00:00Z'))?.toISOString()).toBe('2026-11-29T14:00:00.000Z');
    expect(quietWindowEnd(lunch, new Date('2026-11-29T14:00:00Z'))).toBeNull();
    expect(quietWindowEnd({ start: '10:00', end: '10:00', timezone: 'UTC' }, new Date())).toBeNull();
  });

  it('ends at the local end time on the nights the clocks change (Paris, 2026)', () => {
    const night = { start: '22:00', end: '07:00', timezone: 'Europe/Paris' };
    // 29 March: 02:00 CET becomes 03:00 CEST. 23:00 CET (22:00 UTC) → 07:00 CEST = 05:00 UTC.
    expect(quietWindowEnd(night, new Date('2026-03-28T22:00:00Z'))?.toISOString()).toBe('2026-03-29T05:00:00.000Z');
    // 25 October: 03:00 CEST becomes 02:00 CET. 23:00 CEST (21:00 UTC) → 07:00 CET = 06:00 UTC.
    expect(quietWindowEnd(night, new Date('2026-10-24T21:00:00Z'))?.toISOString()).toBe('2026-10-25T06:00:00.000Z');
    // After the change, the same night.
    expect(quietWindowEnd(night, new Date('2026-10-25T02:30:00Z'))?.toISOString()).toBe('2026-10-25T06:00:00.000Z');
  });

  it('ends at the change when the end time is skipped that night', () => {
    // 01:00–02:30 in Paris on 29 March: 02:30 never shows; at 01:30 CET (00:30 UTC) the window
    // lasts until the clocks jump from 02:00 to 03:00 (01:00 UTC).
    const skipped = { start: '01:00', end: '02:30', timezone: 'Europe/Paris' };
    expect(quietWindowEnd(skipped, new Date('2026-03-29T00:30:00Z'))?.toISOString()).toBe('2026-03-29T01:00:00.000Z');
  });
});
