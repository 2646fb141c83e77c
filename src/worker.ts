import 'reflect-metadata';
import 'dotenv/config';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { LoggingModule } from './common/logging/logging.module.js';
import { loadConfigOrExit } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { lowerProcessPriority, useIdleScheduling } from './infra/runtime/process-priority.js';
import { MetricsModule } from './infra/metrics/metrics.module.js';
import { DatabaseModule } from './infra/database/database.module.js';
import { EventsModule } from './infra/events/events.module.js';
import { QueueModule } from './infra/queue/queue.module.js';
import { RedisModule } from './infra/redis/redis.module.js';
import { CampaignsModule } from './modules/campaigns/campaigns.module.js';

/** A worker process always runs the workers, whatever the API instances are told. */
const WORKER_OVERRIDES = { workersEnabled: true };

/** The background workers alone: campaign fan-out, timers and offer records. No HTTP, no sockets. */
@Module({
  imports: [
    ConfigModule.withOverrides(WORKER_OVERRIDES),
    LoggingModule,
    DatabaseModule,
    RedisModule,
    EventsModule,
    QueueModule,
    MetricsModule,
    CampaignsModule,
  ],
})
export class WorkerModule {}

async function bootstrap(): Promise<void> {
  const config = loadConfigOrExit(WORKER_OVERRIDES);
  // Before anything else starts, so that every thread has the lower priority (see the function).
  const reniced = lowerProcessPriority(config.worker.niceness);
  const notIdle = config.worker.schedIdle ? useIdleScheduling() : 'WORKER_SCHED_IDLE is off';
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  const logger = app.get(Logger);
  app.useLogger(logger);
  if (reniced > 0) logger.log({ niceness: config.worker.niceness, threads: reniced }, 'worker process runs at a lower CPU priority');
  if (notIdle === undefined) logger.log('worker process runs under SCHED_IDLE: API instances on this host take the CPU first');
  else if (config.worker.schedIdle)
    logger.warn({ reason: notIdle }, 'worker process could not switch to SCHED_IDLE; only its niceness applies');
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  process.once('SIGTERM', () => setTimeout(() => process.exit(1), config.runtime.shutdownTimeoutMs).unref());
  await app.init();
}

void bootstrap();
