/** A nightly window in a time zone ("21:00" to "08:00", Europe/Paris) when no broadcast is sent. */
export interface QuietHours {
  start: string;
  end: string;
  timezone: string;
}

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
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { minutes: get('hour') * 60 + get('minute'), seconds: get('second') };
}

/**
 * When `at` falls in the quiet window (start inclusive, end exclusive; a window whose end is
 * before its start runs past midnight), the instant the window ends; otherwise null. The end is
 * the instant the zone's clock shows the end time, also on the nights clocks change; when that
 * time does not exist that night (skipped when clocks go forward), the window ends at the change.
 */
export function quietWindowEnd(quiet: QuietHours, at: Date): Date | null {
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return null;
  const inside = (minutes: number) => (start < end ? minutes >= start && minutes < end : minutes >= start || minutes < end);
  const clock = (ms: number) => localClock(new Date(ms), quiet.timezone).minutes;
  const { minutes, seconds } = localClock(at, quiet.timezone);
  if (!inside(minutes)) return null;
  const ahead = (end - minutes + DAY_MINUTES) % DAY_MINUTES;
  // Counting wall-clock minutes forward lands an hour off when the clocks change on the way:
  // corrected by the difference between the time the clock shows there and the end time.
  const counted = at.getTime() - (seconds * 1000 + at.getUTCMilliseconds()) + ahead * 60_000;
  const drift = ((clock(counted) - end + DAY_MINUTES + DAY_MINUTES / 2) % DAY_MINUTES) - DAY_MINUTES / 2;
  const corrected = counted - drift * 60_000;
  if (drift === 0 || clock(corrected) === end) return new Date(corrected);
  // No such time that night: the first minute whose local time is past the window (the change).
  let [before, after] = [Math.min(counted, corrected), Math.max(counted, corrected)];
  while (after - before > 60_000) {
    const middle = before + Math.floor((after - before) / 120_000) * 60_000;
    if (inside(clock(middle))) before = middle;
    else after = middle;
  }
  return new Date(after);
}
