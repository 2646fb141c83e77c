import { Injectable } from '@nestjs/common';
import type pg from 'pg';
import { DatabasePools } from '../../infra/database/database-pools.js';

const DUPLICATE_TABLE = '42P07';

/**
 * The purchases module's SQL: purchases are written with COPY (which Prisma cannot do) into
 * monthly partitioned tables (which Prisma does not model), on the ingestion pool.
 */
@Injectable()
export class PurchasesDatabase {
  readonly pool: pg.Pool;
  /** UTC months (year × 12 + month) whose partition is known to exist. */
  private readonly months = new Set<number>();

  constructor(private readonly pools: DatabasePools) {
    this.pool = pools.purchases;
  }

  /** Runs `work` in one transaction on one connection; rolls back on any error. */
  async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return this.pools.transaction(this.pool, work);
  }

  /** Runs reads on the read replica once it holds everything written so far (DatabasePools.freshRead). */
  async freshRead<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return this.pools.freshRead(this.pool, work);
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
      await this.pool.query('SELECT panier_ensure_purchase_month($1)', [at]).catch(async (error: { code?: string }) => {
        // Two first writes of a month at once: the one that waited on the function's advisory lock
        // can still see the catalog from before the other's CREATE TABLE (an advisory lock does not
        // refresh it) and fails with duplicate_table. A new statement sees the partition.
        if (error.code !== DUPLICATE_TABLE) throw error;
        await this.pool.query('SELECT panier_ensure_purchase_month($1)', [at]);
      });
      this.months.add(month);
    }
  }

  /** Forgets the known months, after retention dropped some. */
  forgetMonths(): void {
    this.months.clear();
  }
}
