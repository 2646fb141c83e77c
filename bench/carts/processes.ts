import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** Every child the benchmark started, killed on any exit path (normal end, error, Ctrl-C). */
const children = new Set<ChildProcess>();

export function hasTaskset(): boolean {
  return spawnSync('taskset', ['-V'], { stdio: 'ignore' }).status === 0;
}

export interface ServerProcess {
  child: ChildProcess;
  pid: number;
  /** Resolves when the process has exited (after stop() or on its own). */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

/**
 * Starts `node <args>` pinned to `cpu` (taskset), its output appended to `logPath`. The pid is
 * node's own: taskset execs it, so /proc/<pid> is the server process itself.
 */
export function startPinned(cpu: string | undefined, args: string[], env: NodeJS.ProcessEnv, logPath: string): ServerProcess {
  const log = createWriteStream(logPath, { flags: 'a' });
  const command = cpu === undefined ? process.execPath : 'taskset';
  const argv = cpu === undefined ? args : ['-c', cpu, process.execPath, ...args];
  const child = spawn(command, argv, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  children.add(child);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      children.delete(child);
      log.end();
      resolve(code);
    }),
  );
  return {
    child,
    pid: child.pid as number,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Kills whatever is still running; safe to call more than once. */
export function killAll(): void {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
}

/** Cleans up on every way out of the process. */
export function installCleanup(): void {
  process.once('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killAll();
      process.exit(130);
    });
  }
}

/** Resident set size of a process, in bytes (VmRSS of /proc/<pid>/status). */
export function rssBytes(pid: number): number {
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]) * 1024;
}

const TICKS_PER_SECOND = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** CPU time (user + system) a process has used, in seconds, from /proc/<pid>/stat. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** A TCP port free on loopback right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Polls `check` until it resolves true, or throws after `timeoutMs`. */
export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number, exited?: Promise<unknown>): Promise<void> {
  let dead = false;
  void exited?.then(() => (dead = true));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (dead) throw new Error(`${what}: the process exited (see its log)`);
    if (await check().catch(() => false)) return;
    await sleep(100);
  }
  throw new Error(`${what}: not ready within ${timeoutMs} ms`);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Busy and total jiffies of the whole machine (all CPUs), from /proc/stat. */
function machineJiffies(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0];
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  const busy = user + nice + system + irq + softirq + (steal ?? 0);
  return { busy, total: busy + idle + iowait };
}

/** CPU used during a phase, in cores (1 = one core busy all along). */
export interface CpuShares {
  server: number;
  client: number;
  /** The Redis server (0 when it is not a local process we can see). */
  redis: number;
  /** Everything else on the machine: PostgreSQL, and whatever else runs (noise for the bare server). */
  other: number;
}

/** Measures who used the CPUs between start() and stop(): the server, this client, Redis, the rest. */
export class CpuMeter {
  private readonly cpus: number;
  private begin?: { wall: number; server: number; client: NodeJS.CpuUsage; redis: number; machine: { busy: number; total: number } };

  constructor(
    private readonly serverPid: number,
    private readonly redisPid: number | undefined,
    cpuCount: number,
  ) {
    this.cpus = cpuCount;
  }

  start(): void {
    this.begin = {
      wall: performance.now(),
      server: cpuSeconds(this.serverPid),
      client: process.cpuUsage(),
      redis: this.redisCpu(),
      machine: machineJiffies(),
    };
  }

  stop(): CpuShares & { seconds: number; serverCpuSeconds: number; redisCpuSeconds: number } {
    const b = this.begin;
    if (!b) throw new Error('CpuMeter.stop() before start()');
    const seconds = (performance.now() - b.wall) / 1000;
    const serverCpuSeconds = cpuSeconds(this.serverPid) - b.server;
    const c = process.cpuUsage(b.client);
    const clientCpuSeconds = (c.user + c.system) / 1e6;
    const redisCpuSeconds = this.redisCpu() - b.redis;
    const m = machineJiffies();
    const machineCores = m.total > b.machine.total ? ((m.busy - b.machine.busy) / (m.total - b.machine.total)) * this.cpus : 0;
    return {
      seconds,
      serverCpuSeconds,
      redisCpuSeconds,
      server: serverCpuSeconds / seconds,
      client: clientCpuSeconds / seconds,
      redis: redisCpuSeconds / seconds,
      other: Math.max(0, machineCores - (serverCpuSeconds + clientCpuSeconds + redisCpuSeconds) / seconds),
    };
  }

  private redisCpu(): number {
    if (this.redisPid === undefined) return 0;
    try {
      return cpuSeconds(this.redisPid);
    } catch {
      return 0;
    }
  }
}

/**
 * Waits (at most `maxMs`) until the machine is nearly idle before a run starts, since other work
 * on the same cores skews every figure. Returns the busy cores seen last and the time waited.
 */
export async function waitForQuiet(maxMs: number, thresholdCores: number): Promise<{ busyCores: number; waitedSeconds: number }> {
  const started = performance.now();
  const cpus =
    readFileSync('/proc/stat', 'utf8')
      .split('\n')
      .filter((l) => /^cpu\d/.test(l)).length || 1;
  for (;;) {
    const a = machineJiffies();
    await sleep(1000);
    const b = machineJiffies();
    const busyCores = b.total > a.total ? ((b.busy - a.busy) / (b.total - a.total)) * cpus : 0;
    if (busyCores <= thresholdCores || performance.now() - started >= maxMs)
      return { busyCores, waitedSeconds: (performance.now() - started) / 1000 };
  }
}
