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

/** Where the fan-out tops out, from the CPU each part spent per shopper (steadier than rates on a shared machine). */
export interface Ceilings {
  /** Median CPU microseconds per shopper decided and stored. */
  usPerShopper: { workers: number; postgres: number; redis: number; api: number };
  /** Redis runs commands on one thread: one core's worth of shoppers per second. */
  redisShoppersPerSecond: number;
  postgresShoppersPerSecondPerCore: number;
  /** Workers, PostgreSQL, Redis and the API all on this machine's cores, nothing else running. */
  machineShoppersPerSecond: number;
  /** Cores PostgreSQL needs to keep up with Redis at Redis' ceiling: with fewer, PostgreSQL limits first. */
  postgresCoresAtRedisCeiling: number;
}

export function ceilings(runs: Array<{ cores: CoresUsed; shoppersPerSecond: number }>, cores: number): Ceilings {
  const per = (pick: (c: CoresUsed) => number) => median(runs.map((r) => (pick(r.cores) / r.shoppersPerSecond) * 1e6));
  const us = { workers: per((c) => c.workers), postgres: per((c) => c.postgres), redis: per((c) => c.redis), api: per((c) => c.api) };
  const rate = (microseconds: number) => (microseconds > 0 ? Math.round(1e6 / microseconds) : Infinity);
  const round = (x: number) => Math.round(x * 10) / 10;
  return {
    usPerShopper: { workers: round(us.workers), postgres: round(us.postgres), redis: round(us.redis), api: round(us.api) },
    redisShoppersPerSecond: rate(us.redis),
    postgresShoppersPerSecondPerCore: rate(us.postgres),
    machineShoppersPerSecond: Math.round(cores * rate(us.workers + us.postgres + us.redis + us.api)),
    postgresCoresAtRedisCeiling: us.redis > 0 ? round(us.postgres / us.redis) : Infinity,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
