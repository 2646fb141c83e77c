import { availableParallelism, cpus } from 'node:os';
import { setFlagsFromString } from 'node:v8';

/**
 * V8 sizes its garbage-collector helper threads by the machine's cores, not by the cores this
 * process may run on. Confined to one core (taskset, a cpuset of one), those helpers only take
 * turns with the main thread: a young-generation collection takes several times as long, and
 * every cart event waits behind it. So when exactly one core is available, young-generation
 * collections run on the main thread alone.
 *
 * Only `--no-parallel-scavenge` is changed here: V8 reads it at the start of each young collection,
 * so changing it in a running process is safe, unlike the flags of the concurrent marker
 * (`--single-threaded-gc` set at run time aborts the process at the next full collection). For
 * the whole of it, start node with `--single-threaded-gc`; GC flags given on the command line win.
 * Returns whether it changed anything, for the start-up log.
 */
export function confineGcToAvailableCores(): boolean {
  const explicit = process.execArgv.some((arg) => /^--(no-)?(single[-_]threaded[-_]gc|parallel[-_]scavenge)$/.test(arg));
  if (explicit || availableParallelism() !== 1 || cpus().length === 1) return false;
  setFlagsFromString('--no-parallel-scavenge');
  return true;
}
