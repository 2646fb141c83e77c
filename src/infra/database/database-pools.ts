import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
import { AppConfig } from '../../config/app-config.js';

/**
 * The node-postgres pools beside Prisma, each sized by configuration: the campaign fan-out's (a
 * chunk is one read and one write of a thousand rows, which Prisma's per-parameter serialization
 * made slower than the SQL itself) and purchase ingestion's (COPY into partitioned tables, which
 * Prisma cannot do). Separate pools, so that a fan-out never waits for an import's connections.
 */
@Injectable()
export class DatabasePools implements OnApplicationShutdown {
  readonly fanOut: pg.Pool;
  readonly purchases: pg.Pool;

  constructor(config: AppConfig) {
    const url = config.database.url;
    this.fanOut = open(url, config.database.fanOutPoolSize, 'panier-fan-out');
    this.purchases = open(url, config.database.purchasesPoolSize, 'panier-purchases');
  }

  /** Runs `work` in one transaction on one connection of `pool`; rolls back on any error. */
  async transaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** Last, after the HTTP server and the workers have drained (they close in onModuleDestroy). */
  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.fanOut.end(), this.purchases.end()]);
  }
}

function open(connectionString: string, max: number, name: string): pg.Pool {
  const pool = new pg.Pool({ connectionString, max, application_name: name });
  // An idle client that dies (server restart) must not crash the process: the pool replaces it.
  pool.on('error', () => undefined);
  return pool;
}
