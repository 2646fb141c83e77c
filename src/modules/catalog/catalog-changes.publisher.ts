import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { AppConfig } from '../../config/app-config.js';
import { RedisChannels } from '../../infra/redis/redis-keys.js';
import { RedisService } from '../../infra/redis/redis.service.js';
import { type CatalogChange, CatalogChangedEvent } from './catalog-changed.event.js';

const SKUS_PER_MESSAGE = 1000;
const RESUBSCRIBE_SETTLE_MS = 1000;

/**
 * Tells every instance which products `PUT /v1/products` just wrote (Redis pub/sub), and
 * publishes what any instance wrote as a CatalogChangedEvent in this one, so that what instances
 * keep of the catalog in memory (names, categories, the active flag that keeps a product out of
 * reminders and offers) follows at once rather than when it expires. Pub/sub keeps nothing: a
 * subscriber that was disconnected hears `{ all: true }` when it is back.
 */
@Injectable()
export class CatalogChanges implements OnApplicationBootstrap {
  private readonly logger = new Logger(CatalogChanges.name);
  private readonly channel: string;

  constructor(
    private readonly redis: RedisService,
    private readonly events: EventEmitter2,
    config: AppConfig,
  ) {
    this.channel = `${config.redis.keyPrefix}${RedisChannels.catalogChanged}`;
  }

  /**
   * After a write: tried three times, then logged as an error, never thrown (the write is done;
   * instances still read their entries again within five minutes).
   */
  async changed(skus: readonly string[]): Promise<void> {
    for (let i = 0; i < skus.length; i += SKUS_PER_MESSAGE) {
      const message = JSON.stringify(skus.slice(i, i + SKUS_PER_MESSAGE));
      for (let attempt = 1; ; attempt++) {
        try {
          await this.redis.client.publish(this.channel, message);
          break;
        } catch (error) {
          if (attempt < 3) {
            await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
            continue;
          }
          this.logger.error({ err: error }, 'catalog change not published: instances follow within five minutes');
          return;
        }
      }
    }
  }

  onApplicationBootstrap(): void {
    const subscriber = this.redis.dedicated('catalog-events', { subscriber: true });
    let connections = 0;
    // ioredis subscribes again after a reconnect; what was published meanwhile is lost.
    subscriber.on('ready', () => {
      // After the subscription is back (ioredis sends it just after 'ready'), so no change falls between.
      if (++connections > 1) setTimeout(() => this.emit({ all: true }), RESUBSCRIBE_SETTLE_MS).unref();
    });
    subscriber.on('message', (channel: string, message: string) => {
      if (channel !== this.channel) return;
      try {
        const skus = JSON.parse(message) as unknown;
        this.emit(Array.isArray(skus) ? { skus: skus.filter((s): s is string => typeof s === 'string') } : { all: true });
      } catch {
        this.emit({ all: true });
      }
    });
    subscriber.subscribe(this.channel).catch((error: unknown) => this.logger.error({ err: error }, 'catalog events: could not subscribe'));
  }

  private emit(change: CatalogChange): void {
    this.events.emit(CatalogChangedEvent.key, new CatalogChangedEvent(change));
  }
}
