import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';

/** How often a fresh read polls the replica's replay position while it waits. */
const REPLAY_POLL_MS = 20;

/**
 * The streaming read replica of DATABASE_READ_URL: a pool for reports (sized and timed like the
 * primary's report pool) and one for exports, so that a slow report never holds up an export.
 */
export class ReadReplica {
  readonly reports: pg.Pool;
  private readonly exports: pg.Pool;

  constructor(
    url: string,
    poolSize: number,
    reportTimeoutMs: number,
    private readonly maxWaitMs: number,
  ) {
    this.reports = openPool(url, poolSize, 'panier-reports-replica', reportTimeoutMs);
    // An export falls back to the primary rather than wait long for a replica that does not answer.
    this.exports = openPool(url, poolSize, 'panier-exports-replica', Math.max(maxWaitMs, 1000));
  }

  /**
   * A connection to the replica once it has replayed the WAL up to `lsn`, or undefined when it is
   * unreachable, has left recovery, or does not get there within DATABASE_READ_MAX_WAIT_MS.
   * `onWait` is called once if the replica was behind.
   */
  async caughtUp(lsn: string, onWait: () => void): Promise<pg.PoolClient | undefined> {
    let client: pg.PoolClient;
    try {
      client = await this.exports.connect();
    } catch {
      return undefined;
    }
    try {
      const deadline = Date.now() + this.maxWaitMs;
      for (let waited = false; ; waited = true) {
        const { rows } = await client.query<{ caught_up: boolean | null }>('SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS caught_up', [
          lsn,
        ]);
        if (rows[0].caught_up) return client;
        if (!waited) onWait();
        // null: not in recovery (promoted, or not a replica at all); its position says nothing.
        if (rows[0].caught_up === null || Date.now() >= deadline) break;
        await sleep(REPLAY_POLL_MS);
      }
      client.release();
    } catch (error) {
      client.release(error as Error);
    }
    return undefined;
  }

  async ping(): Promise<void> {
    await this.exports.query('SELECT 1');
  }

  async end(): Promise<void> {
    await Promise.all([this.reports.end(), this.exports.end()]);
  }
}

/** A node-postgres pool; `connectionTimeoutMillis` 0 waits for a connection as long as it takes. */
export function openPool(connectionString: string, max: number, name: string, connectionTimeoutMillis = 0): pg.Pool {
  const pool = new pg.Pool({ connectionString, max, application_name: name, connectionTimeoutMillis });
  // An idle client that dies (server restart) must not crash the process: the pool replaces it.
  pool.on('error', () => undefined);
  return pool;
}
