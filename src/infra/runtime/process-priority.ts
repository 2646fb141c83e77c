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
