/**
 * What became of a delivery's push (the `push_status` of its inbox row). `null` there means the
 * campaign did not ask for push.
 * - `unavailable`: push was asked for but no provider is configured for the shopper's devices;
 * - `pending`: a push send is queued (or being retried);
 * - `sent`: at least one device's provider accepted it;
 * - `no_device`: the shopper had no registered device when it was sent, or every one turned out
 *   dead (404/410: they are deleted);
 * - `no_consent`: `push_marketing` was not granted at the moment of sending;
 * - `connected`: the shopper's app was connected at the moment of sending: the in-app offer
 *   reached them, and the campaign did not ask for a push as well (`pushWhenConnected`);
 * - `failed`: every device refused it for good, its token was dead, or the attempts ran out;
 * - `expired`: the offer expired before it could be sent;
 * - `cancelled`: its campaign was paused or cancelled before it could be sent;
 * - `inactive_product`: an offered product was deactivated before it could be sent;
 * - `dismissed`: the shopper dismissed the offer (in the app) before it could be sent.
 * A push that reached a device before a later attempt stopped is `sent`.
 */
export type PushStatus =
  | 'unavailable'
  | 'pending'
  | 'sent'
  | 'no_device'
  | 'no_consent'
  | 'connected'
  | 'failed'
  | 'expired'
  | 'cancelled'
  | 'inactive_product'
  | 'dismissed';

/** Final statuses: the once key of a push send (a job that finds one sends nothing). */
export const FINAL_PUSH_STATUSES: readonly PushStatus[] = [
  'unavailable',
  'sent',
  'no_device',
  'no_consent',
  'connected',
  'failed',
  'expired',
  'cancelled',
  'inactive_product',
  'dismissed',
];

/** The push status a new delivery is stored with. */
export function initialPushStatus(wantsPush: boolean, pushConfigured: boolean): PushStatus | null {
  if (!wantsPush) return null;
  return pushConfigured ? 'pending' : 'unavailable';
}

/**
 * Whether a delivery's charge (and its frequency-cap slot) is given back once its push is final:
 * the supplier pays for offers shown, and a push-only delivery (channel `push`: no inbox, no
 * `offer` event) whose push ended without reaching a device showed the shopper nothing. A delivery
 * of an in-app campaign was shown in the inbox whatever became of its push.
 */
export function refundsCharge(channel: string, status: PushStatus | null): boolean {
  return channel === 'push' && status !== null && status !== 'pending' && status !== 'sent';
}
