import type { Socket } from 'socket.io-client';

export type Ack =
  | { ok: true; [key: string]: unknown }
  | { ok: false; error: { statusCode: number; code: string; message: string; details?: Array<{ field: string; message: string }> } };

/** Emits a cart event and resolves with its acknowledgement. */
export function emitAck(socket: Socket, event: string, payload?: unknown, timeoutMs = 3000): Promise<Ack> {
  return socket.timeout(timeoutMs).emitWithAck(event, payload) as Promise<Ack>;
}

/** Collects every payload of `event` the socket receives from now on. */
export function collect<T = unknown>(socket: Socket, event: string): T[] {
  const seen: T[] = [];
  socket.on(event, (payload: T) => seen.push(payload));
  return seen;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
