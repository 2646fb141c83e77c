import { type QuietHours, quietWindowEnd } from '../../../common/time/quiet-hours.js';

/** When a push send is tried (again): in `delayMs` (0: now), or never, the offer having expired by then. */
export type NextAttempt = { delayMs: number } | { expired: true };

/**
 * When the next attempt of a push send goes, `delayMs` after `now` by the backoff: moved to the
 * end of the campaign's quiet hours (in its IANA zone, see quietWindowEnd) when that moment
 * falls inside them, and `expired` when it would come at or after the offer's expiry (nothing is
 * pushed for an expired offer). With `delayMs` 0: whether an attempt about to run may run now.
 */
export function nextAttempt(now: number, delayMs: number, expiresAt: number, quiet?: QuietHours): NextAttempt {
  const due = now + delayMs;
  const quietEnd = quiet ? quietWindowEnd(quiet, new Date(due)) : null;
  const at = quietEnd ? quietEnd.getTime() : due;
  return at >= expiresAt ? { expired: true } : { delayMs: at - now };
}
