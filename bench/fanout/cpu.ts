import { readdirSync, readFileSync } from 'node:fs';

/** CPU seconds used so far, per command name (node, redis-server, postgres…), from /proc (Linux only; empty elsewhere). */
export type CpuSnapshot = Map<string, number>;

const TICKS_PER_SECOND = 100;

/** Sums utime + stime of every process by command; this process is counted apart as `bench (this process)`. */
export function cpuSnapshot(): CpuSnapshot {
  const totals: CpuSnapshot = new Map();
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return totals;
  }
  for (const pid of pids) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    const close = stat.lastIndexOf(')');
    const command = Number(pid) === process.pid ? 'bench (this process)' : stat.slice(stat.indexOf('(') + 1, close);
    const fields = stat.slice(close + 2).split(' ');
    // Fields after the command: state is index 0, utime index 11, stime index 12.
    const seconds = (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
    totals.set(command, (totals.get(command) ?? 0) + seconds);
  }
  return totals;
}

/** CPU seconds spent between two snapshots, by command, largest first (processes that ended meanwhile are missed). */
export function cpuSpent(before: CpuSnapshot, after: CpuSnapshot, top = 6): Record<string, number> {
  const spent = [...after]
    .map(([command, s]) => [command, Math.round((s - (before.get(command) ?? 0)) * 10) / 10] as const)
    .filter(([, s]) => s > 0);
  return Object.fromEntries(spent.sort((a, b) => b[1] - a[1]).slice(0, top));
}

/** CPU seconds used so far by one process (0 once it is gone). */
export function processCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** Busy CPU seconds of the whole machine so far, every core (user, nice, system, irq, softirq, steal), from /proc/stat. */
export function machineBusySeconds(): number {
  try {
    const [user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8')
      .split('\n')[0]
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    return (user + nice + system + irq + softirq + (steal || 0)) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}
