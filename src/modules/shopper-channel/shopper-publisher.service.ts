import { Injectable } from '@nestjs/common';
import type { Namespace } from 'socket.io';
import type { OfferPayload } from '../offers/domain/offer.js';
import type { Reminder } from '../reminders/domain/reminder-ranker.js';
import { type CartsServerEvents, shopperRoom } from './shopper-channel.events.js';
import type { Cart } from '../carts/domain/cart.js';

/**
 * Where a message to the shopper's devices must go: `everywhere` through the socket.io Redis
 * adapter (the room spans instances), `local` to this instance's sockets only, when the cart
 * script found no device of the shopper on another instance (see ShopperPresence).
 */
export type Reach = 'everywhere' | 'local';

export function reachOf(remoteDevices: boolean): Reach {
  return remoteDevices ? 'everywhere' : 'local';
}

/**
 * The only way services reach shoppers' devices: emits to the shopper's room, across instances
 * or on this one only. The gateway hands it the namespace.
 */
@Injectable()
export class ShopperPublisher {
  private namespace?: Namespace<Record<string, never>, CartsServerEvents>;
  /** `namespace.local`, made once: socket.io builds a new operator (and a Set) on every read. */
  private local?: ReturnType<Namespace<Record<string, never>, CartsServerEvents>['to']>;

  attach(namespace: Namespace<Record<string, never>, CartsServerEvents>): void {
    this.namespace = namespace;
    this.local = namespace.local;
  }

  cartState(pseudonym: string, cart: Cart, reach: Reach): void {
    this.room(pseudonym, reach)?.emit('cart:state', { cart });
  }

  /** A cart-triggered offer, decided on this instance's cart path. */
  offer(pseudonym: string, payload: OfferPayload, reach: Reach): void {
    this.room(pseudonym, reach)?.emit('offer', payload);
  }

  reminders(pseudonym: string, reminders: Reminder[], cartVersion: number, reach: Reach): void {
    this.room(pseudonym, reach)?.emit('reminders', { reminders, cartVersion });
  }

  /** Closes every device of the shopper, on every instance (erasure). */
  disconnect(pseudonym: string): void {
    this.namespace?.in(shopperRoom(pseudonym)).disconnectSockets(true);
  }

  private room(pseudonym: string, reach: Reach) {
    const ns = this.namespace;
    if (!ns) return undefined;
    return (reach === 'local' ? (this.local ?? ns.local) : ns).to(shopperRoom(pseudonym));
  }
}
