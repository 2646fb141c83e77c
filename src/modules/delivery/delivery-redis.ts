import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig } from '../../config/app-config.js';

/**
 * The fan-out's own Redis connections, opened on first use (API-only instances never open them):
 * `commands` for the decision scripts and chunk publishes (a chunk's few hundred kilobytes of
 * script arguments and replies would otherwise queue the cart path's commands behind them on
 * the shared connection), and `subscriber` for the offer relay. Same key prefix as RedisService.
 */
@Injectable()
export class DeliveryRedis implements OnApplicationShutdown {
  private readonly logger = new Logger(DeliveryRedis.name);
  private commandConnection?: Redis;
  private subscriberConnection?: Redis;

  constructor(private readonly config: AppConfig) {}

  get commands(): Redis {
    this.commandConnection ??= this.open('commands', { keyPrefix: this.config.env.REDIS_KEY_PREFIX, maxRetriesPerRequest: 2, enableAutoPipelining: true });
    return this.commandConnection;
  }

  /** A connection in subscriber mode (it can run nothing else); reconnects and resubscribes on its own. */
  get subscriber(): Redis {
    this.subscriberConnection ??= this.open('subscriber', { maxRetriesPerRequest: null });
    return this.subscriberConnection;
  }

  /** After the workers have drained and the socket server has closed. */
  async onApplicationShutdown(): Promise<void> {
    const open = [this.commandConnection, this.subscriberConnection].filter((c): c is Redis => c !== undefined);
    await Promise.all(open.map((c) => c.quit().catch(() => c.disconnect())));
  }

  private open(name: string, options: { keyPrefix?: string; maxRetriesPerRequest: number | null; enableAutoPipelining?: boolean }): Redis {
    const connection = new Redis(this.config.env.REDIS_URL, options);
    connection.on('error', (error: Error) => this.logger.warn({ err: error }, `delivery redis ${name} connection error`));
    return connection;
  }
}
