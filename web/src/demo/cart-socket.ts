import { io, type Socket } from 'socket.io-client';
import type { CartsClientEvents, CartsServerEvents } from '../../../src/modules/shopper-channel/shopper-channel.events';

/** The `/carts` socket of one shopper, typed by the server's own event map (also the source of docs/asyncapi.yaml). */
export type CartSocket = Socket<CartsServerEvents, CartsClientEvents>;
export type Cart = Parameters<CartsServerEvents['cart:state']>[0]['cart'];
export type Reminder = Parameters<CartsServerEvents['reminders']>[0]['reminders'][number];
export type Offer = Parameters<CartsServerEvents['offer']>[0];

/** Same origin, WebSocket only (no long-polling fallback needed on the demo's own server). */
export function connectCart(token: string): CartSocket {
  return io('/carts', { auth: { token }, transports: ['websocket'] });
}

type Ack<E extends keyof CartsClientEvents> = Parameters<Parameters<CartsClientEvents[E]>[1]>[0];

/** Emits with the acknowledgement as a promise; a refusal (`ok: false`) becomes an Error carrying the server's message. */
export function request<E extends keyof CartsClientEvents>(
  socket: CartSocket,
  event: E,
  payload: Parameters<CartsClientEvents[E]>[0],
): Promise<Extract<Ack<E>, { ok: true }>> {
  return new Promise((resolve, reject) => {
    // The generic event defeats socket.io's overloads; the map above still types payload and reply.
    const timed = socket.timeout(10_000) as unknown as { emit(e: E, p: unknown, cb: (err: Error | null, reply: Ack<E>) => void): void };
    timed.emit(event, payload, (err, reply) => {
      if (err) reject(err);
      else if (reply.ok) resolve(reply as Extract<Ack<E>, { ok: true }>);
      else reject(new Error(reply.error.message));
    });
  });
}
