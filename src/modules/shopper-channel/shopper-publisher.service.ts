import { Injectable, Logger } from '@nestjs/common';
import type { Namespace, Socket } from 'socket.io';
import { AppConfig } from '../../config/app-config.js';
import { RedisChannels } from '../../infra/redis/redis-keys.js';
import { RedisService } from '../../infra/redis/redis.service.js';
import { PreEncoded } from '../../infra/socket/pre-encoded.js';
import { toOfferPayload, type OfferPayload } from './domain/offer-payload.js';
import { decodeRelayMessage, encodeRelayMessage, type OfferRelayMessage } from './domain/offer-relay-message.js';
import { ShopperChannelMetrics } from './shopper-channel.metrics.js';
import { type CartPayload, type CartsServerEvents, type ReminderPayload, shopperRoom } from './shopper-channel.events.js';

/**
 * Where a message to the shopper's devices must go: `everywhere` through the socket.io Redis
 * adapter (the room spans instances), `local` to this instance's sockets only, when the cart
 * script found no device of the shopper on another instance (see ShopperPresence).
 */
export type Reach = 'everywhere' | 'local';

export function reachOf(remoteDevices: boolean): Reach {
  return remoteDevices ? 'everywhere' : 'local';
}

type CartsNamespace = Namespace<Record<string, never>, CartsServerEvents>;

/** A cart's JSON, built once for every message that carries it (the ack and `cart:state`). */
export class EncodedCart {
  constructor(
    readonly json: string,
    readonly version: number,
  ) {}

  /** The acknowledgement `{ ok: true, cart }`. */
  ack(): PreEncoded {
    return new PreEncoded(`{"ok":true,"cart":${this.json}}`);
  }

  /** The `cart:state` payload `{ cart }`. */
  state(): PreEncoded {
    return new PreEncoded(`{"cart":${this.json}}`);
  }
}

/**
 * The one way to reach a shopper's devices: owns the `/carts` namespace once the gateway hands it
 * over, the shopper rooms, the reach (this instance or every one), and the relay of fan-out
 * offers between instances. A worker (no socket.io server) publishes one Redis message per
 * fan-out chunk; every API instance receives it and emits `offer` only to the shopper rooms it
 * holds itself (nothing built for the shoppers who are not connected, nearly all of them).
 * Offline shoppers find the offer in the inbox.
 */
@Injectable()
export class ShopperPublisher {
  private readonly logger = new Logger(ShopperPublisher.name);
  private readonly relayChannel: string;
  private readonly disconnectChannel: string;
  private namespace?: CartsNamespace;
  /** `namespace.local`, made once: socket.io builds a new operator (and a Set) on every read. */
  private local?: ReturnType<CartsNamespace['to']>;

  constructor(
    config: AppConfig,
    private readonly redis: RedisService,
    private readonly metrics: ShopperChannelMetrics,
  ) {
    this.relayChannel = `${config.redis.keyPrefix}${RedisChannels.offerRelay}`;
    this.disconnectChannel = `${config.redis.keyPrefix}${RedisChannels.shopperDisconnect}`;
  }

  /** On an API instance, from the gateway's init: devices connected here can be reached from then on. */
  attach(namespace: CartsNamespace): void {
    if (this.namespace) return;
    this.namespace = namespace;
    this.local = namespace.local;
    const subscriber = this.redis.dedicated('offer-relay', { subscriber: true });
    subscriber.on('message', (channel: string, message: string) => {
      if (channel === this.relayChannel) this.relay(message);
      else if (channel === this.disconnectChannel) this.namespace?.local.in(shopperRoom(message)).disconnectSockets(true);
    });
    subscriber
      .subscribe(this.relayChannel, this.disconnectChannel)
      .catch((error: unknown) => this.logger.error({ err: error }, 'offer relay could not subscribe'));
  }

  /** A new device joins its shopper's room (before its presence is registered: see ShopperPresence). */
  async join(socket: Socket, pseudonym: string): Promise<void> {
    await socket.join(shopperRoom(pseudonym));
  }

  /** The cart as it is when a device connects, to that device alone. */
  welcome(socket: Socket, cart: CartPayload): void {
    (socket as Socket<Record<string, never>, CartsServerEvents>).emit('cart:state', { cart });
  }

  cartState(pseudonym: string, cart: CartPayload, reach: Reach): void {
    this.room(pseudonym, reach)?.emit('cart:state', { cart });
  }

  /** After a cart change: `cart:state`, then `reminders` when the list pushed changes. */
  cartChanged(pseudonym: string, cart: EncodedCart, reminders: ReminderPayload[] | undefined, reach: Reach): void {
    const room = this.room(pseudonym, reach);
    if (!room) return;
    // The typed events take the payload's shape; the pre-encoded form is written as that same JSON.
    room.emit('cart:state', cart.state() as unknown as { cart: CartPayload });
    if (reminders) room.emit('reminders', { reminders, cartVersion: cart.version });
  }

  /** A cart-triggered offer, decided on this instance's cart path. */
  offer(pseudonym: string, payload: OfferPayload, reach: Reach): void {
    this.room(pseudonym, reach)?.emit('offer', payload);
  }

  reminders(pseudonym: string, reminders: ReminderPayload[], cartVersion: number, reach: Reach): void {
    this.room(pseudonym, reach)?.emit('reminders', { reminders, cartVersion });
  }

  /**
   * A fan-out chunk's new deliveries, to every instance (nothing when there are none). Never
   * throws: the deliveries are stored, and a shopper who misses the event has them in the inbox.
   */
  async relayOffers(message: OfferRelayMessage): Promise<void> {
    if (message.deliveries.length === 0) return;
    await this.redis.fanOut
      .publish(this.relayChannel, encodeRelayMessage(message))
      .catch((error: unknown) => this.logger.warn({ err: error }, 'offer relay publish failed'));
  }

  /**
   * Closes every device of the shopper, on every instance (erasure): through the socket.io adapter
   * where this process holds the namespace, else (a worker process) by a message every API
   * instance acts on for the sockets it holds.
   */
  async disconnect(pseudonym: string): Promise<void> {
    if (this.namespace) this.namespace.in(shopperRoom(pseudonym)).disconnectSockets(true);
    else await this.redis.client.publish(this.disconnectChannel, pseudonym);
  }

  private room(pseudonym: string, reach: Reach) {
    const ns = this.namespace;
    if (!ns) return undefined;
    return (reach === 'local' ? (this.local ?? ns.local) : ns).to(shopperRoom(pseudonym));
  }

  private relay(text: string): void {
    const namespace = this.namespace;
    if (!namespace) return;
    let message: OfferRelayMessage;
    try {
      message = decodeRelayMessage(text);
    } catch (error) {
      this.logger.warn({ err: error }, 'offer relay message ignored');
      return;
    }
    const rooms = namespace.adapter.rooms;
    let emitted = 0;
    for (const { pseudonym, at } of message.deliveries) {
      const room = shopperRoom(pseudonym);
      if (!rooms.has(room)) continue;
      namespace.local.to(room).emit('offer', toOfferPayload(message.template, pseudonym, new Date(at)));
      emitted++;
    }
    if (emitted > 0) this.metrics.relayedOffers.inc(emitted);
  }
}
