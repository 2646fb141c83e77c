import { SignJWT } from 'jose';
import { io, type Socket } from 'socket.io-client';

export interface LatencySummary {
  events: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** A shopper's live cart socket (its customer id is made up: the service pseudonymizes it on connect). */
export async function connectShopper(url: string, jwtSecret: string): Promise<Socket> {
  const token = await new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(`bench-${Date.now()}`)
    .setIssuedAt()
    .setExpirationTime('2h')
    .sign(new TextEncoder().encode(jwtSecret));
  const socket = io(`${url}/carts`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

/**
 * Round trips of `cart:add` / `cart:remove` (alternating, so the cart stays small), one after
 * the other for `durationMs` or `maxEvents`, each timed from emit to acknowledgement.
 */
export async function measureCart(socket: Socket, durationMs: number, maxEvents: number): Promise<LatencySummary> {
  return summarize(await sampleCart(socket, durationMs, maxEvents));
}

/** The raw round-trip times (ms) of `measureCart`. */
export async function sampleCart(socket: Socket, durationMs: number, maxEvents = 1_000_000): Promise<number[]> {
  const samples: number[] = [];
  const deadline = performance.now() + durationMs;
  for (let i = 0; i < maxEvents && performance.now() < deadline; i++) {
    const event = i % 2 === 0 ? 'cart:add' : 'cart:remove';
    const started = performance.now();
    const ack = (await socket.timeout(5000).emitWithAck(event, { sku: 'bench-milk' })) as { ok: boolean };
    samples.push(performance.now() - started);
    if (!ack.ok) throw new Error(`${event} refused: ${JSON.stringify(ack)}`);
  }
  return samples;
}

export function summarize(samples: number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return { events: sorted.length, p50Ms: round(at(0.5)), p99Ms: round(at(0.99)), maxMs: round(sorted[sorted.length - 1] ?? 0) };
}
