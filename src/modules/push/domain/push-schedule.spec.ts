import { nextAttempt } from './push-schedule.js';

const paris = { start: '21:00', end: '08:00', timezone: 'Europe/Paris' };
const at = (iso: string) => Date.parse(iso);
const DAY = 86_400_000;

describe('push retry schedule', () => {
  it('keeps the backoff when the retry falls outside the quiet hours, or the campaign has none', () => {
    // 12:00 UTC = 13:00 in Paris (winter).
    const now = at('2026-11-29T12:00:00Z');
    expect(nextAttempt(now, 60_000, now + DAY, paris)).toEqual({ delayMs: 60_000 });
    expect(nextAttempt(now, 10 * 3_600_000, now + DAY)).toEqual({ delayMs: 10 * 3_600_000 });
    expect(nextAttempt(now, 0, now + DAY, paris)).toEqual({ delayMs: 0 });
  });

  it('moves a retry that would fall inside the quiet hours to their end, in the campaign time zone', () => {
    // 19:55 UTC = 20:55 in Paris; 10 minutes later is 21:05, quiet until 08:00 Paris = 07:00 UTC.
    const now = at('2026-11-29T19:55:00Z');
    expect(nextAttempt(now, 10 * 60_000, now + 2 * DAY, paris)).toEqual({ delayMs: at('2026-11-30T07:00:00Z') - now });
    // Already inside (an attempt about to run at 23:30 Paris): put off to the end as well.
    const late = at('2026-11-29T22:30:00Z');
    expect(nextAttempt(late, 0, late + DAY, paris)).toEqual({ delayMs: at('2026-11-30T07:00:00Z') - late });
    // Summer time: 08:00 in Paris is 06:00 UTC.
    const summer = at('2026-07-01T20:00:00Z');
    expect(nextAttempt(summer, 60_000, summer + DAY, paris)).toEqual({ delayMs: at('2026-07-02T06:00:00Z') - summer });
    // Another zone, a window within the day.
    const tokyo = { start: '12:00', end: '13:30', timezone: 'Asia/Tokyo' };
    const noon = at('2026-11-29T02:59:00Z'); // 11:59 in Tokyo
    expect(nextAttempt(noon, 120_000, noon + DAY, tokyo)).toEqual({ delayMs: at('2026-11-29T04:30:00Z') - noon });
  });

  it('expires a retry whose time, quiet hours included, is at or past the offer expiry', () => {
    const now = at('2026-11-29T19:55:00Z');
    // The quiet hours end at 07:00 UTC, the offer expires at 06:00 UTC: expired, not pushed at 07:00.
    expect(nextAttempt(now, 10 * 60_000, at('2026-11-30T06:00:00Z'), paris)).toEqual({ expired: true });
    expect(nextAttempt(now, 10 * 60_000, at('2026-11-30T07:00:00Z'), paris)).toEqual({ expired: true });
    // Without quiet hours, a backoff past the expiry too.
    expect(nextAttempt(now, 3_600_000, now + 1_800_000)).toEqual({ expired: true });
    expect(nextAttempt(now, 60_000, now + 1_800_000)).toEqual({ delayMs: 60_000 });
  });
});
