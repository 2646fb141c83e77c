import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { ROOT } from './processes.js';

/**
 * A real PostgreSQL primary and its streaming replica (scripts/start-pg-replica.sh, started here
 * when they are not running: the test never skips), with a fresh migrated database of the suite's
 * name on the primary, and what a test needs to hold replication back and let it catch up.
 */
export interface ReplicaPair {
  primaryUrl: string;
  replicaUrl: string;
  primary: pg.Pool;
  replica: pg.Pool;
  /** Stops applying the WAL on the replica (it keeps receiving it): what it answers freezes. */
  pauseReplay(): Promise<void>;
  resumeReplay(): Promise<void>;
  /** Resolves once the replica has replayed everything the primary has written so far. */
  caughtUp(): Promise<void>;
  close(): Promise<void>;
}

const PRIMARY_PORT = Number(process.env.PG_REPLICA_PRIMARY_PORT ?? 5434);
const REPLICA_PORT = Number(process.env.PG_REPLICA_PORT ?? 5435);

export async function startReplicaPair(): Promise<ReplicaPair> {
  execFileSync('bash', [join(ROOT, 'scripts', 'start-pg-replica.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
  // The suite's own database name (panier_test…), so that two suites side by side do not collide.
  const name = decodeURIComponent(new URL(process.env.DATABASE_URL as string).pathname.slice(1));
  const primaryUrl = `postgresql://postgres@127.0.0.1:${PRIMARY_PORT}/${name}`;
  const replicaUrl = `postgresql://postgres@127.0.0.1:${REPLICA_PORT}/${name}`;
  const admin = new pg.Client({ connectionString: `postgresql://postgres@127.0.0.1:${PRIMARY_PORT}/postgres` });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
  const { deploy } = (await import(join(ROOT, 'scripts', 'db-deploy.mjs'))) as { deploy: (url: string, log: () => void) => Promise<void> };
  await deploy(primaryUrl, () => undefined);

  const primary = new pg.Pool({ connectionString: primaryUrl, max: 3 });
  const replicaAdmin = new pg.Pool({ connectionString: `postgresql://postgres@127.0.0.1:${REPLICA_PORT}/postgres`, max: 1 });
  const caughtUp = async () => {
    const { rows } = await primary.query<{ lsn: string }>('SELECT pg_current_wal_insert_lsn()::text AS lsn');
    for (;;) {
      const { rows: r } = await replicaAdmin.query<{ ok: boolean }>('SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS ok', [rows[0].lsn]);
      if (r[0].ok) return;
      await sleep(20);
    }
  };
  // A run that died with replay paused must not leave the replica frozen for this one.
  await replicaAdmin.query('SELECT pg_wal_replay_resume()');
  await caughtUp();
  const replica = new pg.Pool({ connectionString: replicaUrl, max: 2 });
  return {
    primaryUrl,
    replicaUrl,
    primary,
    replica,
    pauseReplay: async () => void (await replicaAdmin.query('SELECT pg_wal_replay_pause()')),
    resumeReplay: async () => void (await replicaAdmin.query('SELECT pg_wal_replay_resume()')),
    caughtUp,
    close: async () => {
      await replicaAdmin.query('SELECT pg_wal_replay_resume()').catch(() => undefined);
      await Promise.all([primary.end(), replica.end(), replicaAdmin.end()]);
    },
  };
}
