import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { QueueConnection } from './queue-connection.js';
import { QueueWorkers } from './queue-workers.js';

/** Provides BullMQ's connection to BullModule's factory (which sees only its own imports). */
@Module({ providers: [QueueConnection], exports: [QueueConnection] })
class QueueConnectionModule {}

/** BullMQ's connection and job defaults, from configuration, in one place, and the one worker factory. */
@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      imports: [QueueConnectionModule],
      inject: [AppConfig, QueueConnection],
      useFactory: (config: AppConfig, queues: QueueConnection) => {
        return {
          connection: queues.connection(),
          prefix: queues.prefix,
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
