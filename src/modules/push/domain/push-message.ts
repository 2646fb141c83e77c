/** What a push notification of an offer says: the offer's words and where it leads. */
export interface PushMessage {
  title: string;
  body: string;
  /**
   * For the app to open the offer: flat strings only, as FCM's and APNs' custom data want them.
   * `skus` is comma-joined, `discount` is `percent:20` or `amount:150` (cents).
   */
  data: Record<string, string>;
}

export interface OfferForPush {
  deliveryId: string;
  campaignId: string;
  supplierName: string;
  title: string;
  body: string;
  skus: string[];
  discount: { type: 'percent' | 'amount'; value: number };
  expiresAt: Date;
}

/**
 * Largest message (its JSON, in bytes) sent to any provider: Web Push services refuse payloads
 * over 4,096 bytes once encrypted (RFC 8030 §7.2; aes128gcm adds 86 bytes and more), APNs and FCM
 * cap theirs at 4 KB. A campaign's body may be 1,000 characters (4,000 bytes of UTF-8) and its
 * skus many more.
 */
export const MAX_PUSH_MESSAGE_BYTES = 3500;
/** Room for the skus in `data` (the app has them all through the offer's deliveryId). */
const MAX_SKUS_BYTES = 600;

/**
 * The message for one delivery (the same for every device of the shopper), within
 * MAX_PUSH_MESSAGE_BYTES: the skus that fit in their room (`skuCount` says how many there are),
 * then the body shortened, with an ellipsis, when still too long.
 */
export function toPushMessage(offer: OfferForPush): PushMessage {
  const message: PushMessage = {
    title: offer.title,
    body: offer.body,
    data: {
      type: 'offer',
      deliveryId: offer.deliveryId,
      campaignId: offer.campaignId,
      supplier: offer.supplierName,
      skus: skusThatFit(offer.skus, MAX_SKUS_BYTES),
      skuCount: String(offer.skus.length),
      discount: `${offer.discount.type}:${offer.discount.value}`,
      expiresAt: offer.expiresAt.toISOString(),
    },
  };
  const excess = Buffer.byteLength(JSON.stringify(message)) - MAX_PUSH_MESSAGE_BYTES;
  if (excess > 0) message.body = shorten(message.body, excess);
  return message;
}

function skusThatFit(skus: readonly string[], room: number): string {
  let text = '';
  for (const sku of skus) {
    const next = text ? `${text},${sku}` : sku;
    if (Buffer.byteLength(JSON.stringify(next)) > room) break;
    text = next;
  }
  return text;
}

/** The text without at least `excess` bytes of its JSON form, cut between code points, ending with an ellipsis. */
function shorten(text: string, excess: number): string {
  const points = [...text];
  let cut = 0;
  let removed = -Buffer.byteLength('…');
  while (cut < points.length && removed < excess) {
    cut++;
    removed += Buffer.byteLength(JSON.stringify(points[points.length - cut])) - 2;
  }
  return `${points.slice(0, points.length - cut).join('')}…`;
}

/** The JSON body the push gateway receives (README, "Push offers"). */
export function gatewayBody(platform: 'ios' | 'android', token: string, message: PushMessage): string {
  return JSON.stringify({ platform, token, title: message.title, body: message.body, data: message.data });
}

/** The Web Push payload (encrypted to the subscription by web-push): the service worker shows it. */
export function webPushPayload(message: PushMessage): string {
  return JSON.stringify({ title: message.title, body: message.body, data: message.data });
}

/** The APNs payload: the alert in `aps`, the offer's data beside it (custom keys, as Apple asks). */
export function apnsPayload(message: PushMessage): Record<string, unknown> {
  return { aps: { alert: { title: message.title, body: message.body }, sound: 'default' }, ...message.data };
}

/** Longest TTL FCM keeps a message (28 days). */
const FCM_MAX_TTL_SECONDS = 2_419_200;

/**
 * The FCM HTTP v1 message for one device: the notification and the offer's data, with an
 * `android` block (high priority: the notification is shown; TTL and collapse key from the offer
 * and its campaign) for Android, and an `apns` block (the APNs headers and `aps`) for an iOS app
 * registered through Firebase, which forwards it to APNs.
 */
export function fcmMessage(token: string, platform: 'ios' | 'android' | 'web', message: PushMessage, now: number): { message: object } {
  const expiresAt = Date.parse(message.data.expiresAt ?? '');
  const ttl = Number.isFinite(expiresAt) ? Math.max(0, Math.min(FCM_MAX_TTL_SECONDS, Math.floor((expiresAt - now) / 1000))) : undefined;
  const collapse = message.data.campaignId;
  const base = { token, notification: { title: message.title, body: message.body }, data: message.data };
  if (platform === 'ios') {
    const headers: Record<string, string> = { 'apns-push-type': 'alert', 'apns-priority': '10' };
    if (Number.isFinite(expiresAt)) headers['apns-expiration'] = String(Math.floor(expiresAt / 1000));
    if (collapse) headers['apns-collapse-id'] = collapse;
    return {
      message: { ...base, apns: { headers, payload: { aps: { alert: { title: message.title, body: message.body }, sound: 'default' } } } },
    };
  }
  const android = { priority: 'high', ...(ttl === undefined ? {} : { ttl: `${ttl}s` }), ...(collapse ? { collapse_key: collapse } : {}) };
  return { message: { ...base, android } };
}
