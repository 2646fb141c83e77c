import 'reflect-metadata';
import 'dotenv/config';
import { type INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError } from '../config/app-config.js';
import { ConfigModule } from '../config/config.module.js';
import { DatabaseModule } from '../infra/database/database.module.js';
import { EventsModule } from '../infra/events/events.module.js';
import { QueueModule } from '../infra/queue/queue.module.js';
import { RedisModule } from '../infra/redis/redis.module.js';
import { ProfileRebuildScheduler } from '../modules/profiles/profile-rebuild.processor.js';
import { ProfileRebuildQueueModule } from '../modules/profiles/profile-rebuild-queue.module.js';
import { CatalogModule } from '../modules/catalog/catalog.module.js';
import { PurchasesModule } from '../modules/purchases/purchases.module.js';

/**
 * What the data-loading commands need, and nothing more: no HTTP server, no workers, no sockets.
 * Purchases recorded here go through the same PurchasesModule as the API; habit profiles are not
 * updated order by order here: the command starts a rebuild job that the service runs.
 */
@Module({
  imports: [
    ConfigModule,
    DatabaseModule,
    RedisModule,
    EventsModule,
    QueueModule,
    CatalogModule,
    PurchasesModule,
    ProfileRebuildQueueModule,
  ],
})
export class IngestCliModule {}

/** Boots the ingestion modules; a bad configuration exits with its message instead of a stack. */
export async function createIngestContext(): Promise<INestApplicationContext> {
  try {
    const app = await NestFactory.createApplicationContext(IngestCliModule, { logger: ['error', 'warn'] });
    app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
    return app;
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

/** `--name value` and `--flag` options, and the positional arguments, of a command line. */
export function parseArgs(argv: string[]): { positional: string[]; options: Map<string, string | true> } {
  const positional: string[] = [];
  const options = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split('=', 2);
    if (inline !== undefined) options.set(name, inline);
    else if (argv[i + 1] !== undefined && !argv[i + 1].startsWith('--') && VALUED.has(name)) options.set(name, argv[++i]);
    else options.set(name, true);
  }
  return { positional, options };
}

const VALUED = new Set(['format', 'role', 'supplier', 'name', 'shoppers', 'seed', 'days', 'end']);

/** Peak resident memory of this process so far, in MB. */
export function peakRssMb(): number {
  return Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10;
}

/** After a load that stored orders: the running service's workers rebuild every habit profile. */
export async function scheduleProfileRebuild(app: INestApplicationContext, accepted: number): Promise<void> {
  if (accepted === 0) return;
  const runId = await app.get(ProfileRebuildScheduler).start();
  console.log(`habit profiles: rebuild ${runId} queued (run by the service's profile-rebuild worker)`);
}
