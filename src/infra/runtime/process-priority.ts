import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { setPriority } from 'node:os';

/**
 * Lowers this process's CPU priority to `niceness` (0 leaves it alone). On Linux a nice value
 * belongs to each thread, and setpriority() on the process id reaches the main thread only: the
 * threads Node started before (V8's garbage-collector helpers, libuv's pool) would keep their
 * priority, so every thread listed in /proc/self/task is set. Elsewhere, the process is. Threads
 * started later inherit the value. Returns the threads changed, for the start-up log.
 */
export function lowerProcessPriority(niceness: number): number {
  if (niceness <= 0) return 0;
  let threads: number[];
  try {
    threads = readdirSync('/proc/self/task').map(Number);
  } catch {
    threads = [];
  }
  if (threads.length === 0) {
    setPriority(niceness);
    return 1;
  }
  let changed = 0;
  for (const tid of threads) {
    try {
      setPriority(tid, niceness);
      changed++;
    } catch {
      // A thread that ended meanwhile.
    }
  }
  return changed;
}

/**
 * Puts every thread of this process under Linux's SCHED_IDLE policy: it runs only on CPU time no
 * other process wants, and a waking process of the normal policy (an API instance with a cart
 * event to answer) takes the core from it at once, where a nice value only shrinks its share.
 * Node has no binding for sched_setscheduler(), so util-linux's `chrt` sets it (`--all-tasks`:
 * threads started later inherit it). Lowering one's own policy needs no privilege. Returns why it
 * could not, or undefined once done.
 */
export function useIdleScheduling(): string | undefined {
  if (process.platform !== 'linux') return `no SCHED_IDLE on ${process.platform}`;
  const result = spawnSync('chrt', ['--idle', '--all-tasks', '--pid', '0', String(process.pid)], { encoding: 'utf8', timeout: 5000 });
  if (result.error) return `chrt: ${result.error.message}`;
  if (result.status !== 0) return `chrt exited with ${result.status}: ${result.stderr.trim().slice(0, 200)}`;
  return undefined;
}
