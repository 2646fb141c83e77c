/** A device that can receive push offers (`/v1/me/devices`). */
export type Platform = 'ios' | 'android' | 'web';
export const PLATFORMS: readonly Platform[] = ['ios', 'android', 'web'];

/**
 * Who carries a device's pushes: Apple's APNs or Google's FCM directly (an iOS app may use
 * either: FCM forwards to APNs), Web Push for browsers, or the retailer's own gateway.
 */
export type PushProviderName = 'apns' | 'fcm' | 'webpush' | 'gateway';
export const PUSH_PROVIDER_NAMES: readonly PushProviderName[] = ['apns', 'fcm', 'webpush', 'gateway'];

/** The providers a platform's devices may name, the default first. */
export const PROVIDERS_OF: Readonly<Record<Platform, readonly PushProviderName[]>> = {
  ios: ['apns', 'fcm', 'gateway'],
  android: ['fcm', 'gateway'],
  web: ['webpush'],
};

/** The provider of a registration that names none, or a problem with the one it names. */
export function providerOf(platform: Platform, provider: unknown): { provider: PushProviderName } | { problem: string } {
  const allowed = PROVIDERS_OF[platform];
  if (provider === undefined || provider === null) return { provider: allowed[0] };
  return allowed.includes(provider as PushProviderName)
    ? { provider: provider as PushProviderName }
    : { problem: `must be one of ${allowed.join(', ')} for ${platform}` };
}

/** The providers a push configuration can reach devices through (see PushProviders in the configuration). */
export function configuredProviders(push: { web?: unknown; apns?: unknown; fcm?: unknown; gateway?: unknown }): PushProviderName[] {
  const on: Record<PushProviderName, unknown> = { apns: push.apns, fcm: push.fcm, webpush: push.web, gateway: push.gateway };
  return PUSH_PROVIDER_NAMES.filter((name) => on[name] !== undefined);
}

export interface Device {
  id: string;
  platform: Platform;
  provider: PushProviderName;
  createdAt: Date;
}

/** A device with its push token: only the push sender reads it (tokens are never returned nor logged). */
export interface DeviceTarget {
  id: string;
  platform: Platform;
  provider: PushProviderName;
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
export function canonicalToken(platform: Platform, token: unknown, provider?: PushProviderName): string | undefined {
  // APNs tokens are hex: one device whatever the letters' case.
  if (provider === 'apns') return typeof token === 'string' ? token.toLowerCase() : undefined;
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
 * Why a token cannot be one for `platform` through `provider` (its platform's default when not
 * given), or undefined when it can. An APNs device token is 32 bytes in hex; an FCM registration
 * token is base64url text with colons; a gateway token is an opaque printable string; a Web Push
 * token is the browser's subscription as JSON, with an https endpoint and its two keys (without
 * them nothing can be sent to it).
 */
export function tokenProblem(
  platform: Platform,
  token: string,
  webPushHosts: readonly string[] = DEFAULT_WEB_PUSH_HOSTS,
  provider: PushProviderName = PROVIDERS_OF[platform][0],
): string | undefined {
  if (token.length === 0 || token.length > MAX_TOKEN_LENGTH) return `must be 1 to ${MAX_TOKEN_LENGTH} characters`;
  if (provider === 'apns') return /^[0-9a-f]{64}$/i.test(token) ? undefined : 'must be an APNs device token: 64 hexadecimal characters';
  if (provider === 'fcm') return /^[\w:.-]+$/.test(token) ? undefined : 'must be an FCM registration token (letters, digits, - _ : .)';
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
