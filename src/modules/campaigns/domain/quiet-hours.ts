import type { QuietHours } from './campaign.js';

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;
const DAY_MINUTES = 24 * 60;

export function isHhMm(value: string): boolean {
  return HHMM.test(value);
}

/** Whether Intl knows the zone (an IANA name such as Europe/Paris, or UTC). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function minutesOf(hhmm: string): number {
  const [, h, m] = HHMM.exec(hhmm) as RegExpExecArray;
  return Number(h) * 60 + Number(m);
}

/** The wall-clock time of day in `zone`, in minutes and seconds since local midnight. */
function localClock(at: Date, zone: string): { minutes: number; seconds: number } {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { minutes: get('hour') * 60 + get('minute'), seconds: get('second') };
}

/**
 * When `at` falls in the quiet window (start inclusive, end exclusive; a window whose end is
 * before its start runs past midnight), the instant the window ends; otherwise null. The end is
 * found by counting wall-clock minutes forward, so across a DST change it may be an hour off,
 * which only shifts when a deferred send resumes.
 */
export function quietWindowEnd(quiet: QuietHours, at: Date): Date | null {
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return null;
  const { minutes, seconds } = localClock(at, quiet.timezone);
  const inside = start < end ? minutes >= start && minutes < end : minutes >= start || minutes < end;
  if (!inside) return null;
  const ahead = (end - minutes + DAY_MINUTES) % DAY_MINUTES;
  return new Date(at.getTime() - (seconds * 1000 + at.getUTCMilliseconds()) + ahead * 60_000);
}
