import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import pg from 'pg';
import { AppConfig } from '../../config/app-config.js';

/**
 * The purchases module's own node-postgres pool. Purchases are written with COPY (which Prisma
 * cannot do) into partitioned tables (which Prisma does not model), so this module talks SQL to
 * PostgreSQL directly; everything else goes through Prisma.
 */
@Injectable()
export class PurchasesDatabase implements OnModuleDestroy {
  readonly pool: pg.Pool;
  /** UTC months (year × 12 + month) whose partition is known to exist. */
  private readonly months = new Set<number>();

  constructor(config: AppConfig) {
    this.pool = new pg.Pool({
      connectionString: config.env.DATABASE_URL,
      max: config.env.PURCHASES_DB_POOL_SIZE,
      application_name: 'panier-purchases',
    });
    // An idle client that dies (server restart) must not crash the process: the pool replaces it.
    this.pool.on('error', () => undefined);
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.end();
  }

  /** Runs `work` in one transaction on one connection; rolls back on any error. */
  async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
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

  /**
   * Makes sure the monthly partitions of these instants exist before rows are written to them
   * (else the rows would land in the default partition). Months already seen cost nothing.
   */
  async ensureMonths(instants: Iterable<Date>): Promise<void> {
    const missing = new Map<number, Date>();
    for (const at of instants) {
      const month = at.getUTCFullYear() * 12 + at.getUTCMonth();
      if (!this.months.has(month) && !missing.has(month)) missing.set(month, at);
    }
    for (const [month, at] of missing) {
      await this.pool.query('SELECT panier_ensure_purchase_month($1)', [at]);
      this.months.add(month);
    }
  }

  /** Forgets the known months, after retention dropped some. */
  forgetMonths(): void {
    this.months.clear();
  }
}
