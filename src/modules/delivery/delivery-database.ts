import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
import { AppConfig } from '../../config/app-config.js';

/**
 * The fan-out's own node-postgres pool: a chunk is one read and one write of a thousand rows,
 * and Prisma's per-parameter serialization of such arrays cost more than the SQL itself (and
 * slowed the live path sharing the process with it). Everything else goes through Prisma.
 */
@Injectable()
export class DeliveryDatabase implements OnApplicationShutdown {
  readonly pool: pg.Pool;

  constructor(config: AppConfig) {
    this.pool = new pg.Pool({ connectionString: config.env.DATABASE_URL, max: config.env.CAMPAIGN_DB_POOL_SIZE, application_name: 'panier-delivery' });
    // An idle client that dies (server restart) must not crash the process: the pool replaces it.
    this.pool.on('error', () => undefined);
  }

  /** Last, after the workers have drained (they close in onModuleDestroy). */
  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
