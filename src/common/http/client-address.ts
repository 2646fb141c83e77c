import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';

export type TrustSetting = number | string[];

/** Reads TRUST_PROXY: a hop count, or names/CIDRs (`loopback`, `uniquelocal`, `10.0.0.0/8`). */
export function parseTrustProxy(value: string): TrustSetting {
  return /^\d+$/.test(value.trim())
    ? Number(value)
    : value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean);
}

/**
 * The client's address as Express computes it for HTTP, for socket handshakes too, so that the
 * per-address limits count the same clients on both (and are not one shared counter behind a
 * load balancer, nor spoofable by clients that are not trusted proxies).
 */
export function clientAddressResolver(trust: TrustSetting): (req: IncomingMessage) => string {
  const trusts = typeof trust === 'number' ? (_addr: string, hop: number) => hop < trust : proxyaddr.compile(trust);
  return (req) => proxyaddr(req, trusts);
}
