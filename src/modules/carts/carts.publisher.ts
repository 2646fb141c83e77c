import { Injectable } from '@nestjs/common';
import type { Namespace } from 'socket.io';
import type { OfferPayload } from '../delivery/domain/offer.js';
import type { Reminder } from '../reminders/domain/reminder-ranker.js';
import { type CartsServerEvents, shopperRoom } from './carts.events.js';
import type { Cart } from './domain/cart.js';

/**
 * The only way services reach shoppers' devices: emits to the shopper's room, which spans every
 * instance once the socket.io Redis adapter is installed. The gateway hands it the namespace.
 */
@Injectable()
export class CartsPublisher {
  private namespace?: Namespace<Record<string, never>, CartsServerEvents>;

  attach(namespace: Namespace<Record<string, never>, CartsServerEvents>): void {
    this.namespace = namespace;
  }

  cartState(pseudonym: string, cart: Cart): void {
    this.namespace?.to(shopperRoom(pseudonym)).emit('cart:state', { cart });
  }

  /** A cart-triggered offer, decided on this instance's cart path. */
  offer(pseudonym: string, payload: OfferPayload): void {
    this.namespace?.to(shopperRoom(pseudonym)).emit('offer', payload);
  }

  reminders(pseudonym: string, reminders: Reminder[], cartVersion: number): void {
    this.namespace?.to(shopperRoom(pseudonym)).emit('reminders', { reminders, cartVersion });
  }
}
