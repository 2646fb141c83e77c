/** Cores used on average during one fan-out, by who used them. */
export interface CoresUsed {
  workers: number;
  postgres: number;
  redis: number;
  /** The bench process, which also hosts the API (ROLE=api: it only answers the launch). */
  api: number;
  /** Everything else on the machine: neighbours' work. */
  others: number;
}

/** Redis runs commands on one thread: past this share of one core, it is what limits. */
const REDIS_SATURATED = 0.85;
/** Past this share of the machine's cores, the machine is full. */
const MACHINE_SATURATED = 0.9;

/**
 * What held a fan-out back, from the cores each process used: Redis when its one thread is nearly
 * always busy; else, when the machine's cores are full, the machine, naming the store that used
 * more of it; else neither (the work waits on round trips, not on CPU).
 */
export function fanoutLimit(used: CoresUsed, cores: number): { limit: 'redis' | 'postgres' | 'cpu' | 'none'; why: string } {
  const f = (x: number) => x.toFixed(2);
  const total = used.workers + used.postgres + used.redis + used.api + used.others;
  if (used.redis >= REDIS_SATURATED) return { limit: 'redis', why: `Redis used ${f(used.redis)} of its one core` };
  if (total >= MACHINE_SATURATED * cores) {
    const store = used.postgres >= used.redis ? 'postgres' : 'redis';
    const why =
      `the ${cores} cores were full (${f(total)} busy: workers ${f(used.workers)}, PostgreSQL ${f(used.postgres)}, ` +
      `Redis ${f(used.redis)}, API ${f(used.api)}, others ${f(used.others)})`;
    return used.postgres > used.workers ? { limit: store, why: `${why}; PostgreSQL used the most` } : { limit: 'cpu', why };
  }
  return { limit: 'none', why: `${f(total)} of ${cores} cores busy: the fan-out waits on round trips, not on CPU` };
}
