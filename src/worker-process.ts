import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { LoggingModule } from './common/logging/logging.module.js';
import type { AppConfig } from './config/app-config.js';
import type { ConfigOverrides } from './config/config-sections.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './infra/database/database.module.js';
import { EventsModule } from './infra/events/events.module.js';
import { MetricsModule } from './infra/metrics/metrics.module.js';
import { QueueModule } from './infra/queue/queue.module.js';
import { RedisModule } from './infra/redis/redis.module.js';
import { lowerProcessPriority, useIdleScheduling } from './infra/runtime/process-priority.js';
import { CampaignsModule } from './modules/campaigns/campaigns.module.js';
import { PrivacyModule } from './modules/privacy/privacy.module.js';
import { ProfilesModule } from './modules/profiles/profiles.module.js';

/** `ROLE=worker`, whatever the environment says otherwise (the worker entry point). */
export const WORKER_ROLE: ConfigOverrides = { role: 'worker' };

/**
 * Every background worker and nothing else (no HTTP, no sockets): campaign launch, chunks and
 * timers, offer records and push (CampaignsModule and what it builds on), erasure and retention
 * (PrivacyModule), profile rebuilds (ProfilesModule).
 */
@Module({
  imports: [
    ConfigModule.withOverrides(WORKER_ROLE),
    LoggingModule,
    DatabaseModule,
    RedisModule,
    EventsModule,
    QueueModule,
    MetricsModule,
    CampaignsModule,
    PrivacyModule,
    ProfilesModule,
  ],
})
export class WorkerModule {}

/** Starts a worker process, at a lower CPU priority than the API instances it runs beside. */
export async function startWorker(config: AppConfig): Promise<void> {
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
