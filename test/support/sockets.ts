import { io, type Socket } from 'socket.io-client';

/** Connects a real socket.io client to /carts; resolves once connected, rejects on connect_error. */
export function connectCart(
  url: string,
  token: string | undefined,
  timeoutMs = 3000,
  beforeConnect?: (socket: Socket) => void,
): Promise<Socket> {
  const socket = io(`${url}/carts`, {
    auth: token === undefined ? {} : { token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  beforeConnect?.(socket);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.close();
      reject(new Error('socket connect timeout'));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('connect_error', (error: Error) => {
      clearTimeout(timer);
      socket.close();
      reject(error);
    });
  });
}

/** Resolves with the first payload of `event`, or rejects after `timeoutMs`. */
export function nextEvent<T = unknown>(socket: Socket, event: string, timeoutMs = 3000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
    socket.once(event, (payload: T) => {
      clearTimeout(timer);
      resolve(payload);
    });
  });
}

/**
 * Resolves with the first payload of `event` that `matches`. A device that made a change also gets
 * its `cart:state`, which may arrive after the ack; waiting for a version skips that echo.
 */
export function eventWhere<T = unknown>(socket: Socket, event: string, matches: (payload: T) => boolean, timeoutMs = 3000): Promise<T> {
  return new Promise((resolve, reject) => {
    const settle = (): void => {
      clearTimeout(timer);
      socket.off(event, listener);
    };
    const listener = (payload: T): void => {
      let matched: boolean;
      try {
        matched = matches(payload);
      } catch (error) {
        settle();
        return reject(error instanceof Error ? error : new Error(String(error)));
      }
      if (!matched) return;
      settle();
      resolve(payload);
    };
    const timer = setTimeout(() => {
      socket.off(event, listener);
      reject(new Error(`no matching ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on(event, listener);
  });
}

/** Connects and waits for the `cart:state` the server sends on connect (listened for before connecting). */
export async function connectCartWithState<T>(url: string, token: string, timeoutMs = 3000): Promise<{ socket: Socket; first: T }> {
  let first!: Promise<T>;
  const socket = await connectCart(url, token, timeoutMs, (s) => {
    first = new Promise<T>((resolve) => s.once('cart:state', resolve));
  });
  return { socket, first: await first };
}
