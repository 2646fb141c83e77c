import type { ErrorBody } from '../../common/errors/app-error.js';
import type { OfferPayload } from './domain/offer-payload.js';

/** A cart as devices see it: `updatedAt` is the last change, or when a never-changed cart came to be. */
export interface CartPayload {
  items: Array<{ sku: string; name?: string; quantity: number }>;
  version: number;
  updatedAt: string;
}

/** A suggested forgotten item and why (`lastBoughtAt` ISO 8601). */
export interface ReminderPayload {
  readonly sku: string;
  readonly name?: string;
  readonly score: number;
  readonly reason: { readonly timesBought: number; readonly lastBoughtAt: string; readonly typicalIntervalDays?: number };
}

/** The acknowledgement every client event receives. */
export type AckReply<T extends object = object> = ({ ok: true } & T) | { ok: false; error: ErrorBody };

/** Server → client events of the `/carts` namespace (public contract, docs/carts-and-reminders.md). */
export interface CartsServerEvents {
  /** On connect and after every change, to every device of the shopper. */
  'cart:state': (payload: { cart: CartPayload }) => void;
  /** Whenever the list of suggested forgotten items changes (and the push policy allows). */
  reminders: (payload: { reminders: ReminderPayload[]; cartVersion: number }) => void;
  /** A supplier-funded offer: broadcast by a campaign, or triggered by the cart. */
  offer: (payload: OfferPayload) => void;
  /** The token expired: the server disconnects right after. Panier extension. */
  'session:expired': (payload: { reason: 'token_expired' }) => void;
}

/** Client → server events, each with an acknowledgement. */
export interface CartsClientEvents {
  'cart:add': (payload: { sku: string; quantity?: number }, ack: (reply: AckReply<{ cart: CartPayload }>) => void) => void;
  'cart:remove': (payload: { sku: string; quantity?: number }, ack: (reply: AckReply<{ cart: CartPayload }>) => void) => void;
  'cart:clear': (payload: object, ack: (reply: AckReply<{ cart: CartPayload }>) => void) => void;
  'cart:review': (payload: object, ack: (reply: AckReply<{ reminders: ReminderPayload[] }>) => void) => void;
  'cart:checkout': (payload: { orderId: string }, ack: (reply: AckReply<{ orderId: string }>) => void) => void;
  'reminder:dismiss': (payload: { sku: string }, ack: (reply: AckReply) => void) => void;
  'offer:seen': (payload: { deliveryId: string }, ack: (reply: AckReply) => void) => void;
  'offer:dismiss': (payload: { deliveryId: string }, ack: (reply: AckReply) => void) => void;
}

export const CARTS_NAMESPACE = '/carts';

/** Every device of one shopper joins this room; nothing else is addressed per shopper. */
export function shopperRoom(pseudonym: string): string {
  return `shopper:${pseudonym}`;
}
