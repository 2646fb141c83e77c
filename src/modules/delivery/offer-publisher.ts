import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Emitter } from '@socket.io/redis-emitter';
import { Redis } from 'ioredis';
import { AppConfig } from '../../config/app-config.js';
import { CARTS_NAMESPACE, shopperRoom } from '../carts/carts.events.js';
import type { OfferPayload } from './domain/offer.js';

/**
 * Sends the `offer` event to every connected device of a shopper, from any process (the API or
 * `npm run start:worker`, which has no socket.io server): it publishes on the classic socket.io
 * Redis adapter's channel, which every instance's adapter relays to the shopper's room.
 */
@Injectable()
export class OfferPublisher implements OnApplicationShutdown {
  private readonly logger = new Logger(OfferPublisher.name);
  private readonly connection: Redis;
  private readonly emitter: Emitter;

  constructor(config: AppConfig) {
    // Auto-pipelining: a chunk's hundreds of publishes leave in a few writes.
    this.connection = new Redis(config.env.REDIS_URL, { maxRetriesPerRequest: 2, enableAutoPipelining: true });
    this.connection.on('error', (error: Error) => this.logger.warn({ err: error }, 'offer publisher redis error'));
    // The emitter fires PUBLISH without awaiting it: a failed publish is logged, never unhandled.
    const client = { publish: (channel: string, message: Buffer | string) => this.connection.publish(channel, message).catch((error: unknown) => this.logger.warn({ err: error }, 'offer publish failed')) };
    this.emitter = new Emitter(client, { key: `${config.env.REDIS_KEY_PREFIX}socket.io` }).of(CARTS_NAMESPACE);
  }

  offer(pseudonym: string, payload: OfferPayload): void {
    this.emitter.to(shopperRoom(pseudonym)).emit('offer', payload);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection.quit().catch(() => this.connection.disconnect());
  }
}
