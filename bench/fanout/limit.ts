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
 * always busy; else, when the machine's cores are full: the neighbours when other work took more
 * of them than the whole fan-out, PostgreSQL when it used more than the workers, else the workers'
 * own CPU; else nothing (the work waits on round trips, not on CPU).
 */
export function fanoutLimit(used: CoresUsed, cores: number): { limit: 'redis' | 'postgres' | 'cpu' | 'others' | 'none'; why: string } {
  const f = (x: number) => x.toFixed(2);
  const total = used.workers + used.postgres + used.redis + used.api + used.others;
  if (used.redis >= REDIS_SATURATED) return { limit: 'redis', why: `Redis used ${f(used.redis)} of its one core` };
  if (total >= MACHINE_SATURATED * cores) {
    const why =
      `the ${cores} cores were full (${f(total)} busy: workers ${f(used.workers)}, PostgreSQL ${f(used.postgres)}, ` +
      `Redis ${f(used.redis)}, API ${f(used.api)}, others ${f(used.others)})`;
    if (used.others > used.workers + used.postgres + used.redis + used.api)
      return { limit: 'others', why: `${why}; other work used most of them` };
    return used.postgres > used.workers
      ? { limit: 'postgres', why: `${why}; PostgreSQL used more than the workers` }
      : { limit: 'cpu', why };
  }
  return { limit: 'none', why: `${f(total)} of ${cores} cores busy: the fan-out waits on round trips, not on CPU` };
}
