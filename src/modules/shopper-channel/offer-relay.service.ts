import { Injectable, Logger } from '@nestjs/common';
import type { Namespace } from 'socket.io';
import { AppConfig } from '../../config/app-config.js';
import { RedisService } from '../../infra/redis/redis.service.js';
import { shopperRoom } from './shopper-channel.events.js';
import { OffersMetrics } from '../offers/offers.metrics.js';
import { toOfferPayload } from '../offers/domain/offer.js';
import { FAN_OUT_CONNECTION } from '../offers/offer-decider.service.js';
import { decodeRelayMessage, encodeRelayMessage, type OfferRelayMessage } from './domain/offer-relay-message.js';

/**
 * Broadcast offers to connected devices, across every instance of the service: a worker (in the
 * API or `npm run start:worker`, which has no socket.io server) publishes one Redis message per
 * fan-out chunk; every API instance receives it and emits `offer` only to the shopper rooms it
 * holds itself (socket.io's local rooms: no adapter round trip, nothing built for the shoppers
 * who are not connected, i.e. nearly all of them). Offline shoppers find the offer in the inbox.
 * Cart-triggered offers do not come this way: they are emitted where the cart event was handled.
 */
@Injectable()
export class OfferRelay {
  private readonly logger = new Logger(OfferRelay.name);
  private readonly channel: string;
  private namespace?: Namespace;

  constructor(
    config: AppConfig,
    private readonly redis: RedisService,
    private readonly metrics: OffersMetrics,
  ) {
    this.channel = `${config.env.REDIS_KEY_PREFIX}offers`;
  }

  /**
   * Tells every instance about a chunk's new deliveries (nothing when there are none). Never
   * throws: the deliveries are stored, and a shopper who misses the event has them in the inbox.
   */
  async publish(message: OfferRelayMessage): Promise<void> {
    if (message.deliveries.length === 0) return;
    await this.redis.dedicated(FAN_OUT_CONNECTION, { autoPipelining: true }).publish(this.channel, encodeRelayMessage(message)).catch((error: unknown) => this.logger.warn({ err: error }, 'offer relay publish failed'));
  }

  /** On an API instance, once its `/carts` namespace exists: from then on, relays offers to the shoppers connected here. */
  attach(namespace: Namespace): void {
    if (this.namespace) return;
    this.namespace = namespace;
    const subscriber = this.redis.dedicated('offer-relay', { subscriber: true });
    subscriber.on('message', (channel: string, message: string) => {
      if (channel === this.channel) this.relay(message);
    });
    subscriber.subscribe(this.channel).catch((error: unknown) => this.logger.error({ err: error }, 'offer relay could not subscribe'));
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
