import type { ErrorBody } from '../../common/errors/app-error.js';

/** The acknowledgement every client event receives. */
export type Ack<T extends object = object> = (reply: ({ ok: true } & T) | { ok: false; error: ErrorBody }) => void;

/** Server → client events of the `/carts` namespace (see CONTRACT.md). */
export interface CartsServerEvents {
  /** The token expired: the server disconnects right after. Panier extension. */
  'session:expired': (payload: { reason: 'token_expired' }) => void;
}

/** Client → server events of the `/carts` namespace. */
export type CartsClientEvents = Record<string, never>;

export const CARTS_NAMESPACE = '/carts';

/** Every device of one shopper joins this room; nothing else is addressed per shopper. */
export function shopperRoom(pseudonym: string): string {
  return `shopper:${pseudonym}`;
}
