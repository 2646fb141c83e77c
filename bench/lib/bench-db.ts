import { spawn } from 'node:child_process';
import pg from 'pg';

/** The benchmark's own database on the same server as `baseUrl`, so dev and test data stay untouched. */
export function benchDatabaseUrl(baseUrl: string, name: string): string {
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops a benchmark database (connections included); it is the benchmark's own. */
export async function dropDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${decodeURIComponent(target.pathname.slice(1)).replaceAll('"', '""')}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/** Drops and recreates the benchmark database, then applies every migration (scripts/db-deploy.mjs). */
export async function recreateDatabase(url: string): Promise<void> {
  await dropDatabase(url);
  const deployScript = new URL('../../../scripts/db-deploy.mjs', import.meta.url).href;
  const { deploy } = (await import(deployScript)) as { deploy: (url: string, log: (line: string) => void) => Promise<void> };
  await deploy(url, () => undefined);
}

export async function query(url: string, sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Runs a command to its end; resolves with its stdout, rejects with its stderr on failure. */
export function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env, cwd?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${command} exited with ${code}: ${err.trim() || out.trim()}`)),
    );
  });
}
