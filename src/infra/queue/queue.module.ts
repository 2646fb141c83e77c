import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { QueueWorkers } from './queue-workers.js';

/** BullMQ's connection and job defaults, from configuration, in one place, and the one worker factory. */
@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => {
        const url = new URL(config.redis.url);
        return {
          connection: {
            host: url.hostname,
            port: Number(url.port || 6379),
            username: url.username || undefined,
            password: url.password ? decodeURIComponent(url.password) : undefined,
            db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : undefined,
            tls: url.protocol === 'rediss:' ? {} : undefined,
            maxRetriesPerRequest: null,
          },
          prefix: `${config.redis.keyPrefix}bull`,
          defaultJobOptions: {
            attempts: config.queue.attempts,
            backoff: { type: 'exponential', delay: config.queue.backoffMs },
            removeOnComplete: { count: config.queue.keepCompleted },
            removeOnFail: { count: config.queue.keepFailed },
          },
        };
      },
    }),
  ],
  providers: [QueueWorkers],
  exports: [BullModule, QueueWorkers],
})
export class QueueModule {}
