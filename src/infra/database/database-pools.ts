import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
import { AppError, ErrorCode } from '../../common/errors/app-error.js';
import { AppConfig } from '../../config/app-config.js';

/** PostgreSQL's query_canceled: the statement timeout ran out. */
const QUERY_CANCELED = '57014';

/**
 * The node-postgres pools beside Prisma, each sized by configuration: the campaign fan-out's (a
 * chunk is one read and one write of a thousand rows, which Prisma's per-parameter serialization
 * made slower than the SQL itself), purchase ingestion's (COPY into partitioned tables, which
 * Prisma cannot do) and the reports' (queries a caller shapes: audience estimates, supplier
 * insights). Separate pools, so that a fan-out never waits for an import's connections, and no
 * number of slow reports takes the connections that authentication needs.
 */
@Injectable()
export class DatabasePools implements OnApplicationShutdown {
  readonly fanOut: pg.Pool;
  readonly purchases: pg.Pool;
  private readonly reports: pg.Pool;
  private readonly reportTimeoutMs: number;

  constructor(config: AppConfig) {
    const url = config.database.url;
    this.fanOut = open(url, config.database.fanOutPoolSize, 'panier-fan-out');
    this.purchases = open(url, config.database.purchasesPoolSize, 'panier-purchases');
    this.reportTimeoutMs = config.database.reportTimeoutMs;
    // A report waits for a connection no longer than it may run.
    this.reports = open(url, config.database.reportsPoolSize, 'panier-reports', this.reportTimeoutMs);
  }

  /**
   * Runs a query a caller shapes (rules, skus, a period) read-only on the reports' own pool, under
   * REPORT_STATEMENT_TIMEOUT_MS; past it, or when every report connection stays busy that long,
   * QUERY_TIMEOUT (503).
   */
  async report<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.reports.connect();
    } catch (error) {
      throw isPoolWait(error) ? queryTimeout('Too many reports are running: retry shortly', error) : error;
    }
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
      if ((error as { code?: string }).code === QUERY_CANCELED) throw queryTimeout('The query took too long: narrow it', error);
      throw error;
    } finally {
      client.release();
    }
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
    await Promise.all([this.fanOut.end(), this.purchases.end(), this.reports.end()]);
  }
}

function open(connectionString: string, max: number, name: string, connectionTimeoutMillis = 0): pg.Pool {
  const pool = new pg.Pool({ connectionString, max, application_name: name, connectionTimeoutMillis });
  // An idle client that dies (server restart) must not crash the process: the pool replaces it.
  pool.on('error', () => undefined);
  return pool;
}

function queryTimeout(message: string, cause: unknown): AppError {
  return new AppError(ErrorCode.QueryTimeout, message, undefined, { cause, retryAfterSeconds: 5 });
}

/** pg-pool's error when no connection freed up within connectionTimeoutMillis. */
function isPoolWait(error: unknown): boolean {
  return error instanceof Error && /timeout exceeded when trying to connect/i.test(error.message);
}
