/** A device that can receive push offers (`/v1/me/devices`). */
export type Platform = 'ios' | 'android' | 'web';
export const PLATFORMS: readonly Platform[] = ['ios', 'android', 'web'];

export interface Device {
  id: string;
  platform: Platform;
  createdAt: Date;
}

/** A device with its push token: only the push sender reads it (tokens are never returned nor logged). */
export interface DeviceTarget {
  id: string;
  platform: Platform;
  token: string;
}

/** Most devices kept per shopper: registering one more forgets the oldest (tokens go stale). */
export const MAX_DEVICES_PER_SHOPPER = 20;
/** Within a btree entry's limit (the token is the registry's unique key). */
export const MAX_TOKEN_LENGTH = 2048;

/**
 * The token as the registry keeps it. A Web Push subscription (JSON text or object) becomes its
 * canonical JSON (endpoint and keys only, in a fixed order), so that the same subscription sent
 * with other spacing, key order or extra fields is the same device. Undefined when the value is
 * neither text nor, for `web`, an object.
 */
export function canonicalToken(platform: Platform, token: unknown): string | undefined {
  if (platform !== 'web') return typeof token === 'string' ? token : undefined;
  let parsed: unknown = token;
  if (typeof token === 'string') {
    try {
      parsed = JSON.parse(token);
    } catch {
      return token; // tokenProblem says why
    }
  }
  if (typeof parsed !== 'object' || parsed === null) return typeof token === 'string' ? token : undefined;
  const s = parsed as { endpoint?: unknown; keys?: { p256dh?: unknown; auth?: unknown } };
  return JSON.stringify({ endpoint: s.endpoint, keys: { p256dh: s.keys?.p256dh, auth: s.keys?.auth } });
}

/**
 * The browsers' push services (Chrome, Firefox, Edge, Safari): a subscription's endpoint must be
 * one of these hosts or below one, so that the push worker never POSTs to an address a shopper
 * chose (an internal host, say). Configurable (PUSH_WEB_ENDPOINT_HOSTS).
 */
export const DEFAULT_WEB_PUSH_HOSTS: readonly string[] = Object.freeze([
  'fcm.googleapis.com',
  'push.services.mozilla.com',
  'notify.windows.com',
  'push.apple.com',
]);

/** `host` is one of `allowed` or a subdomain of one (exact names only: no pattern, no port). */
export function isWebPushHost(host: string, allowed: readonly string[]): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return allowed.some((a) => h === a || h.endsWith(`.${a}`));
}

/**
 * Why a token cannot be one for `platform`, or undefined when it can. A native push token is an
 * opaque printable string; a Web Push token is the browser's subscription as JSON, with an https
 * endpoint and its two keys (without them nothing can be sent to it).
 */
export function tokenProblem(
  platform: Platform,
  token: string,
  webPushHosts: readonly string[] = DEFAULT_WEB_PUSH_HOSTS,
): string | undefined {
  if (token.length === 0 || token.length > MAX_TOKEN_LENGTH) return `must be 1 to ${MAX_TOKEN_LENGTH} characters`;
  if (platform !== 'web') return /^[\x21-\x7e]+$/.test(token) ? undefined : 'must be printable characters without spaces';
  let subscription: unknown;
  try {
    subscription = JSON.parse(token);
  } catch {
    return 'must be the Web Push subscription as JSON';
  }
  const s = subscription as { endpoint?: unknown; keys?: { p256dh?: unknown; auth?: unknown } } | null;
  if (typeof s !== 'object' || s === null || typeof s.endpoint !== 'string') return 'must hold an endpoint';
  let endpoint: URL;
  try {
    endpoint = new URL(s.endpoint);
  } catch {
    return 'endpoint must be a URL';
  }
  if (endpoint.protocol !== 'https:') return 'endpoint must be https';
  if (!isWebPushHost(endpoint.hostname, webPushHosts)) return 'endpoint must be a known push service';
  if (typeof s.keys?.p256dh !== 'string' || typeof s.keys.auth !== 'string' || !s.keys.p256dh || !s.keys.auth)
    return 'must hold keys.p256dh and keys.auth';
  return undefined;
}
