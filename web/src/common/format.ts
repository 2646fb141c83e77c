/** Formatting shared by both pages: money in cents, dates, and a reminder's reason in words. Pure. */

export function money(cents: number, currency = 'EUR'): string {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).format(cents / 100);
}

export function percent(fraction: number | null | undefined, digits = 1): string {
  return fraction === null || fraction === undefined ? '—' : `${(fraction * 100).toFixed(digits)} %`;
}

export function dateTime(iso: string | null | undefined): string {
  return iso ? new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' }) : '—';
}

const DAY_MS = 86_400_000;

/** Whole days from `iso` to `now`, never negative. */
export function daysSince(iso: string, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - new Date(iso).getTime()) / DAY_MS));
}

function days(n: number): string {
  return n === 1 ? '1 day' : `${n} days`;
}

export interface ReminderReason {
  timesBought: number;
  lastBoughtAt: string;
  typicalIntervalDays?: number;
}

/** "you buy this about every 7 days; last bought 9 days ago", from a reminder's reason. */
export function reasonInWords(reason: ReminderReason, now: Date): string {
  const ago = daysSince(reason.lastBoughtAt, now);
  const last = ago === 0 ? 'last bought today' : `last bought ${days(ago)} ago`;
  const habit =
    reason.typicalIntervalDays !== undefined
      ? `you buy this about every ${days(Math.round(reason.typicalIntervalDays))}`
      : `you have bought this ${reason.timesBought === 1 ? 'once' : `${reason.timesBought} times`}`;
  return `${habit}; ${last}`;
}

/** "expires in 3 days" / "expires in 5 hours" / "expired", for an offer. */
export function expiresIn(iso: string, now: Date): string {
  const ms = new Date(iso).getTime() - now.getTime();
  if (ms <= 0) return 'expired';
  const hours = Math.floor(ms / 3_600_000);
  if (hours < 1) return 'expires in less than an hour';
  if (hours < 48) return `expires in ${hours === 1 ? '1 hour' : `${hours} hours`}`;
  return `expires in ${days(Math.round(ms / DAY_MS))}`;
}
