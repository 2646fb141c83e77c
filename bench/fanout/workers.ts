import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

/** Worker-only processes (`npm run start:worker`), as a deployment would run beside the API. */
export async function startWorkers(count: number, env: Record<string, string>): Promise<ChildProcess[]> {
  const children = Array.from({ length: count }, () =>
    spawn(process.execPath, [join(process.cwd(), 'dist', 'src', 'worker.js')], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'inherit'],
    }),
  );
  // Nest boots in about a second; a worker that is not up yet simply joins the queue later.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  return children;
}

export async function stopWorkers(children: ChildProcess[]): Promise<void> {
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
          setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
        }),
    ),
  );
}
