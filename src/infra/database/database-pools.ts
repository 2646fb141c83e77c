import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type pg from 'pg';
import { Counter } from 'prom-client';
import { AppError, ErrorCode } from '../../common/errors/app-error.js';
import { AppConfig } from '../../config/app-config.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { openPool, ReadReplica } from './read-replica.js';

/** PostgreSQL's query_canceled: the statement timeout ran out. */
const QUERY_CANCELED = '57014';
/** serialization_failure: what a hot standby answers when replay cancels a query. */
const RECOVERY_CONFLICT = '40001';

/** What reads the replica when there is one: the `reader` label of panier_db_reads_total. */
export type ReplicaReader = 'insights' | 'audience' | 'export';

/**
 * The node-postgres pools beside Prisma, each sized by configuration: the campaign fan-out's (a
 * chunk is one read and one write of a thousand rows, which Prisma's per-parameter serialization
 * made slower than the SQL itself), purchase ingestion's (COPY into partitioned tables, which
 * Prisma cannot do) and the reports' (queries a caller shapes: audience estimates, supplier
 * insights). Separate pools, so that a fan-out never waits for an import's connections, and no
 * number of slow reports takes the connections that authentication needs. With DATABASE_READ_URL,
 * reports and exports read a streaming replica (ReadReplica), the primary when it is unreachable.
 */
@Injectable()
export class DatabasePools implements OnApplicationShutdown {
  readonly fanOut: pg.Pool;
  readonly purchases: pg.Pool;
  private readonly reports: pg.Pool;
  private readonly replica?: ReadReplica;
  private readonly reportTimeoutMs: number;
  private readonly reads: Counter<'reader' | 'served_by'>;
  private readonly replicaWaits: Counter;
  private readonly logger = new Logger(DatabasePools.name);

  constructor(config: AppConfig, metrics: MetricsService) {
    const { url, readUrl } = config.database;
    this.fanOut = openPool(url, config.database.fanOutPoolSize, 'panier-fan-out');
    this.purchases = openPool(url, config.database.purchasesPoolSize, 'panier-purchases');
    this.reportTimeoutMs = config.database.reportTimeoutMs;
    // A report waits for a connection no longer than it may run.
    this.reports = openPool(url, config.database.reportsPoolSize, 'panier-reports', this.reportTimeoutMs);
    if (readUrl) {
      this.replica = new ReadReplica(readUrl, config.database.reportsPoolSize, this.reportTimeoutMs, config.database.readMaxWaitMs);
    }
    this.reads = new Counter({
      name: 'panier_db_reads_total',
      help: 'Reports and exports, by reader and by the server that answered them (replica or primary)',
      labelNames: ['reader', 'served_by'] as const,
      registers: [metrics.registry],
    });
    this.replicaWaits = new Counter({
      name: 'panier_db_replica_catch_up_waits_total',
      help: 'Exports that found the read replica behind the primary and waited for it to catch up',
      registers: [metrics.registry],
    });
  }

  /**
   * Runs a query a caller shapes (rules, skus, a period) read-only on the reports' own pool, under
   * REPORT_STATEMENT_TIMEOUT_MS; past it, or when every report connection stays busy that long,
   * QUERY_TIMEOUT (503). On the read replica when there is one (a report is then as old as the
   * replica's lag), on the primary's report pool when the replica cannot be reached.
   */
  async report<T>(reader: ReplicaReader, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.reportClient(reader);
    try {
      await client.query('BEGIN READ ONLY');
      await client.query(`SET LOCAL statement_timeout = ${this.reportTimeoutMs}`);
      // JIT compiling a report's expressions took about 0.5 s of a 1 s supplier insights report
      // (bench/insights.ts, 10M purchase lines), more than it saved.
      await client.query('SET LOCAL jit = off');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      const code = (error as { code?: string }).code;
      if (code === QUERY_CANCELED) throw queryTimeout('The query took too long: narrow it', error);
      if (code === RECOVERY_CONFLICT) throw queryTimeout('The read replica cancelled the report while replaying: retry shortly', error);
      throw error;
    } finally {
      client.release();
    }
  }

  /**
   * Runs `work` read-only on the replica once it has replayed everything the primary held when
   * this was called, so that an export right after a purchase includes it (read-your-writes); on
   * `primary` when there is no replica, it is unreachable, or it does not catch up within
   * DATABASE_READ_MAX_WAIT_MS.
   */
  async freshRead<T>(primary: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const replica = this.replica && (await this.caughtUpReplica(this.replica, primary));
    if (replica) {
      try {
        // One snapshot for the several queries of an export.
        await replica.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
        const result = await work(replica);
        await replica.query('COMMIT');
        this.reads.inc({ reader: 'export', served_by: 'replica' });
        return result;
      } catch (error) {
        await replica.query('ROLLBACK').catch(() => undefined);
        // Cancelled by a conflict with replay (a vacuum of rows it was reading): the primary has them.
        if ((error as { code?: string }).code !== RECOVERY_CONFLICT) throw error;
        this.logger.warn('export cancelled on the read replica by replay: export on the primary');
      } finally {
        replica.release();
      }
    }
    this.reads.inc({ reader: 'export', served_by: 'primary' });
    const client = await primary.connect();
    try {
      return await work(client);
    } finally {
      client.release();
    }
  }

  /** Whether the read replica answers; undefined without one. */
  async replicaUp(): Promise<boolean | undefined> {
    if (!this.replica) return undefined;
    return this.replica.ping().then(
      () => true,
      () => false,
    );
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
    await Promise.all([this.fanOut.end(), this.purchases.end(), this.reports.end(), this.replica?.end()]);
  }

  private async reportClient(reader: ReplicaReader): Promise<pg.PoolClient> {
    if (this.replica) {
      try {
        const client = await this.replica.reports.connect();
        this.reads.inc({ reader, served_by: 'replica' });
        return client;
      } catch (error) {
        if (isPoolWait(error)) throw queryTimeout('Too many reports are running: retry shortly', error);
        // The primary's report pool bounds what reports cost it, as it did before there was a replica.
        this.logger.warn({ reader }, 'read replica unreachable: report on the primary');
      }
    }
    try {
      const client = await this.reports.connect();
      this.reads.inc({ reader, served_by: 'primary' });
      return client;
    } catch (error) {
      throw isPoolWait(error) ? queryTimeout('Too many reports are running: retry shortly', error) : error;
    }
  }

  private async caughtUpReplica(replica: ReadReplica, primary: pg.Pool): Promise<pg.PoolClient | undefined> {
    // The insert position, not the write one: with asynchronous commit an acknowledged purchase
    // may not be written out yet.
    const { rows } = await primary.query<{ lsn: string }>('SELECT pg_current_wal_insert_lsn()::text AS lsn');
    const client = await replica.caughtUp(rows[0].lsn, () => this.replicaWaits.inc());
    if (!client) this.logger.warn('read replica unreachable or behind: export on the primary');
    return client;
  }
}

function queryTimeout(message: string, cause: unknown): AppError {
  return new AppError(ErrorCode.QueryTimeout, message, undefined, { cause, retryAfterSeconds: 5 });
}

/** pg-pool's error when no connection freed up within connectionTimeoutMillis. */
function isPoolWait(error: unknown): boolean {
  return error instanceof Error && /timeout exceeded when trying to connect/i.test(error.message);
}
