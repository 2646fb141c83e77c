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
});
