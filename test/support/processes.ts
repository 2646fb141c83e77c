import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
export const API_ENTRY = join(ROOT, 'dist', 'src', 'main.js');
export const WORKER_ENTRY = join(ROOT, 'dist', 'src', 'worker.js');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** Real processes run from the build (`npm run build`); rebuilt here when the sources are newer. */
export function ensureBuilt(): void {
  const fresh = () => [API_ENTRY, WORKER_ENTRY].every((f) => existsSync(f) && statSync(f).mtimeMs >= newestSource(join(ROOT, 'src')));
  if (fresh()) return;
  // tsc emits even when some unrelated file has type errors; what matters is a fresh build.
  spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'ignore', timeout: 180_000 });
  if (!fresh()) throw new Error('npm run build did not produce a fresh dist/src');
}

export { freePort } from '../../bench/carts/processes.js';

/** A Panier process (an entry of dist/src) on the test's PostgreSQL and Redis, logging to a file of its own. */
export function spawnPanier(entry: string, name: string, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [entry], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', LOG_FILE: join(tmpdir(), `panier-${name}-${process.pid}.log`), ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/** Waits until the process at `url` answers `/health/ready` with 200. */
export async function waitReady(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await fetch(`${url}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${url} not ready within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
