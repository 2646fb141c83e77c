import {
  CartFleet,
  type EachOnceFigures,
  openLoop,
  type OpenLoopFigures,
  type Pushed,
  reviewEachOnce,
  saturate,
  type SaturationFigures,
} from './harness.js';
import { readFileSync } from 'node:fs';
import { type CpuShares, CpuMeter, rssBytes, type ServerProcess, sleep, waitForQuiet } from './processes.js';

/** `bare-redis`: the bare server plus one Redis round trip per `cart:add` (bare-server.ts). */
export type ServerName = 'bare' | 'bare-redis' | 'panier';

/** How many first events (one per cart) are in flight at once. */
export const FIRST_EVENT_CONCURRENCY = 32;

/** One server to measure: how to start a fresh process of it, and the carts' tokens. */
export interface Target {
  name: ServerName;
  start(run: number): Promise<{ server: ServerProcess; url: string }>;
  tokens: string[];
  warmupTokens: string[];
}

export interface RunSettings {
  rate: number;
  seconds: number;
  reviewEvery: number;
  saturationSeconds: number;
  warmupSeconds: number;
  inflight: number;
  products: number;
  connectConcurrency: number;
  settleMs: number;
  /** Longest wait for the machine to go quiet before each run (0: do not wait). */
  quietWaitSeconds: number;
}

/** What the machine looks like to every run. */
export interface RunContext {
  cpus: number;
  redisPid?: number;
}

/** CPU of one phase, in cores, and the server's (and Redis') CPU time per event in microseconds. */
export type PhaseCpu = CpuShares & { serverUsPerEvent: number; redisUsPerEvent: number };

export interface RunFigures {
  server: ServerName;
  run: number;
  connect: { carts: number; seconds: number };
  memory: { rssBeforeBytes: number; rssAfterBytes: number; perCartBytes: number; rssEndBytes: number };
  /** One `cart:review` per cart right after all connected, FIRST_EVENT_CONCURRENCY in flight. */
  firstEvent: EachOnceFigures;
  openLoop: OpenLoopFigures & { cpu: PhaseCpu };
  saturation: SaturationFigures & { cpu: PhaseCpu };
  pushed: Pushed;
  /** 1-minute load average when the run started: other work on the machine shows here. */
  loadAverage: number;
  /** Cores busy (with nothing of ours running) just before the run, and how long it waited for quiet. */
  background: { busyCores: number; waitedSeconds: number };
}

/**
 * One run against a fresh server process: warm it up with a few carts (then gone), read its RSS,
 * connect every cart and read it again, then the open loop, then the closed loop.
 */
export async function runOnce(
  target: Target,
  run: number,
  s: RunSettings,
  context: RunContext,
  log: (line: string) => void,
): Promise<RunFigures> {
  const background = s.quietWaitSeconds > 0 ? await waitForQuiet(s.quietWaitSeconds * 1000, 0.25) : { busyCores: NaN, waitedSeconds: 0 };
  if (background.busyCores > 0.25)
    log(`  warning: the machine is busy (${background.busyCores.toFixed(2)} cores used by others): figures of this run are skewed`);
  const loadAverage = Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
  const { server, url } = await target.start(run);
  const meter = new CpuMeter(server.pid, context.redisPid, context.cpus);
  const perEvent = (cpu: ReturnType<CpuMeter['stop']>, events: number): PhaseCpu => {
    const { seconds: _s, serverCpuSeconds, redisCpuSeconds, ...shares } = cpu;
    return { ...shares, serverUsPerEvent: (serverCpuSeconds / events) * 1e6, redisUsPerEvent: (redisCpuSeconds / events) * 1e6 };
  };
  try {
    const warm = await CartFleet.connect(url, target.warmupTokens, 10);
    await openLoop(warm.fleet, { rate: 200, seconds: 2, reviewEvery: 4, products: s.products, seed: 1000 + run, drainMs: 5000 });
    warm.fleet.close();
    await sleep(s.settleMs);
    const rssBeforeBytes = rssBytes(server.pid);
    const { fleet, seconds } = await CartFleet.connect(url, target.tokens, s.connectConcurrency);
    await sleep(s.settleMs);
    const rssAfterBytes = rssBytes(server.pid);
    const perCartBytes = (rssAfterBytes - rssBeforeBytes) / target.tokens.length;
    log(
      `  ${target.name} run ${run}: ${target.tokens.length} carts in ${seconds.toFixed(1)} s, ${(perCartBytes / 1024).toFixed(1)} KB each`,
    );
    try {
      // Each cart's first event after connecting (Panier fills its consent cache then), done and
      // over with before the measured phases, which are then about carts already in use.
      const first = await reviewEachOnce(fleet, FIRST_EVENT_CONCURRENCY, 120_000);
      log(
        `  ${target.name} run ${run}: first cart:review of each cart (${FIRST_EVENT_CONCURRENCY} in flight): ${first.eventsPerSecond.toFixed(0)}/s, p50 ${first.p50.toFixed(2)} ms p99 ${first.p99.toFixed(2)} ms`,
      );
      meter.start();
      const open = await openLoop(fleet, {
        rate: s.rate,
        seconds: s.seconds,
        reviewEvery: s.reviewEvery,
        products: s.products,
        seed: 2000 + run,
        drainMs: 10_000,
      });
      const openCpu = perEvent(meter.stop(), open.add.count + open.review.count);
      log(
        `  ${target.name} run ${run}: open loop ${open.achievedRate.toFixed(0)}/s, cart:add p50 ${open.add.p50.toFixed(2)} ms p99 ${open.add.p99.toFixed(2)} ms, cart:review p99 ${open.review.p99.toFixed(2)} ms`,
      );
      let satCpu: ReturnType<CpuMeter['stop']> | undefined;
      const sat = await saturate(
        fleet,
        {
          inflight: s.inflight,
          warmupSeconds: s.warmupSeconds,
          seconds: s.saturationSeconds,
          products: s.products,
          seed: 3000 + run,
          drainMs: 10_000,
        },
        () => meter.start(),
        () => (satCpu = meter.stop()),
      );
      const saturationCpu = perEvent(satCpu as ReturnType<CpuMeter['stop']>, sat.completed);
      log(
        `  ${target.name} run ${run}: saturation ${sat.eventsPerSecond.toFixed(0)} events/s (CPU in cores: server ${saturationCpu.server.toFixed(2)}, client ${saturationCpu.client.toFixed(2)}, redis ${saturationCpu.redis.toFixed(2)}, other ${saturationCpu.other.toFixed(2)}; server ${saturationCpu.serverUsPerEvent.toFixed(0)} us/event)`,
      );
      return {
        server: target.name,
        run,
        connect: { carts: target.tokens.length, seconds },
        memory: { rssBeforeBytes, rssAfterBytes, perCartBytes, rssEndBytes: rssBytes(server.pid) },
        firstEvent: first,
        openLoop: { ...open, cpu: openCpu },
        saturation: { ...sat, cpu: saturationCpu },
        pushed: { ...fleet.pushed },
        loadAverage,
        background,
      };
    } finally {
      fleet.close();
    }
  } finally {
    await server.stop();
  }
}
