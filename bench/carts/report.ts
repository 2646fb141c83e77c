import { FIRST_EVENT_CONCURRENCY, type RunFigures, type ServerName } from './run.js';
import { median, round } from './stats.js';

/** The headline figures of one server, each the median of its runs. */
export interface Summary {
  addP50Ms: number;
  addP99Ms: number;
  reviewP50Ms: number;
  reviewP99Ms: number;
  reviewsWithReminders: number;
  firstReviewP50Ms: number;
  firstReviewP99Ms: number;
  firstReviewsPerSecond: number;
  maxEventsPerSecond: number;
  saturationP99Ms: number;
  memoryPerCartKB: number;
  connectSeconds: number;
  saturationServerCpu: number;
  saturationClientCpu: number;
  saturationRedisCpu: number;
  saturationOtherCpu: number;
  openLoopServerUsPerEvent: number;
  saturationServerUsPerEvent: number;
  saturationRedisUsPerEvent: number;
  errors: number;
  lost: number;
}

export const TARGETS = { p99Ratio: 1.5, throughputRatio: 0.5, extraMemoryKB: 10 } as const;

export function summarize(runs: RunFigures[]): Summary {
  const m = (pick: (r: RunFigures) => number) => round(median(runs.map(pick)));
  return {
    addP50Ms: m((r) => r.openLoop.add.p50),
    addP99Ms: m((r) => r.openLoop.add.p99),
    reviewP50Ms: m((r) => r.openLoop.review.p50),
    reviewP99Ms: m((r) => r.openLoop.review.p99),
    reviewsWithReminders: m((r) => (r.openLoop.review.count ? r.openLoop.review.withReminders / r.openLoop.review.count : 0)),
    firstReviewP50Ms: m((r) => r.firstEvent.p50),
    firstReviewP99Ms: m((r) => r.firstEvent.p99),
    firstReviewsPerSecond: m((r) => r.firstEvent.eventsPerSecond),
    maxEventsPerSecond: m((r) => r.saturation.eventsPerSecond),
    saturationP99Ms: m((r) => r.saturation.p99),
    memoryPerCartKB: m((r) => r.memory.perCartBytes / 1024),
    connectSeconds: m((r) => r.connect.seconds),
    saturationServerCpu: m((r) => r.saturation.cpu.server),
    saturationClientCpu: m((r) => r.saturation.cpu.client),
    saturationRedisCpu: m((r) => r.saturation.cpu.redis),
    saturationOtherCpu: m((r) => r.saturation.cpu.other),
    openLoopServerUsPerEvent: m((r) => r.openLoop.cpu.serverUsPerEvent),
    saturationServerUsPerEvent: m((r) => r.saturation.cpu.serverUsPerEvent),
    saturationRedisUsPerEvent: m((r) => r.saturation.cpu.redisUsPerEvent),
    errors: runs.reduce((n, r) => n + r.firstEvent.errors + r.openLoop.add.errors + r.openLoop.review.errors + r.saturation.errors, 0),
    lost: runs.reduce((n, r) => n + r.firstEvent.lost + r.openLoop.add.lost + r.openLoop.review.lost + r.saturation.lost, 0),
  };
}

export function compare(bare: Summary, panier: Summary) {
  const ratios = {
    addP50: round(panier.addP50Ms / bare.addP50Ms),
    addP99: round(panier.addP99Ms / bare.addP99Ms),
    reviewP99: round(panier.reviewP99Ms / bare.reviewP99Ms),
    maxEventsPerSecond: round(panier.maxEventsPerSecond / bare.maxEventsPerSecond),
    memoryPerCart: round(panier.memoryPerCartKB / bare.memoryPerCartKB),
    extraMemoryPerCartKB: round(panier.memoryPerCartKB - bare.memoryPerCartKB),
    /** Server CPU time per event at saturation: less sensitive than events/s to other work on the machine. */
    serverCpuPerEvent: round(panier.saturationServerUsPerEvent / bare.saturationServerUsPerEvent),
  };
  const targets = {
    addP99AtRate: { value: ratios.addP99, limit: `<= ${TARGETS.p99Ratio}`, met: ratios.addP99 <= TARGETS.p99Ratio },
    maxThroughput: {
      value: ratios.maxEventsPerSecond,
      limit: `>= ${TARGETS.throughputRatio}`,
      met: ratios.maxEventsPerSecond >= TARGETS.throughputRatio,
    },
    extraMemoryPerCartKB: {
      value: ratios.extraMemoryPerCartKB,
      limit: `<= ${TARGETS.extraMemoryKB}`,
      met: ratios.extraMemoryPerCartKB <= TARGETS.extraMemoryKB,
    },
  };
  return { ratios, targets };
}

/**
 * Panier against the bare server that also makes one Redis round trip per event, and what that
 * round trip alone costs the bare server: how much of Panier's distance to the bare server is the
 * design the issue asks for, how much is Panier's own work.
 */
export function roundTripFloor(bareRedis: Summary, panier: Summary, bare?: Summary) {
  return {
    addP99: round(panier.addP99Ms / bareRedis.addP99Ms),
    maxEventsPerSecond: round(panier.maxEventsPerSecond / bareRedis.maxEventsPerSecond),
    serverCpuPerEvent: round(panier.saturationServerUsPerEvent / bareRedis.saturationServerUsPerEvent),
    ...(bare
      ? {
          bareRedisVsBareAddP99: round(bareRedis.addP99Ms / bare.addP99Ms),
          bareRedisVsBareMaxEventsPerSecond: round(bareRedis.maxEventsPerSecond / bare.maxEventsPerSecond),
        }
      : {}),
  };
}

/** The targets of the second live-carts issue, against bare-redis. */
export const FLOOR_TARGETS = { cpuRatio: 1.2, throughputRatio: 0.85, p99Ratio: 1.25, extraMemoryKB: 10 } as const;

interface Spread {
  median: number;
  min: number;
  max: number;
}

/**
 * Panier against bare-redis run by run (each run starts both, one after the other, so that a slow
 * spell of the machine weighs on both sides of a ratio), then the median and range of those
 * ratios: steadier than the ratio of the two medians, and the spread says how far to trust it.
 */
export function pairedFloor(runs: RunFigures[]) {
  const pairs = runs
    .filter((r) => r.server === 'panier')
    .map((p) => ({ p, b: runs.find((r) => r.server === 'bare-redis' && r.run === p.run) }))
    .filter((x): x is { p: RunFigures; b: RunFigures } => x.b !== undefined);
  if (pairs.length === 0) return undefined;
  const spread = (values: number[]): Spread => ({
    median: round(median(values)),
    min: round(Math.min(...values)),
    max: round(Math.max(...values)),
  });
  const cpu = spread(pairs.map(({ p, b }) => p.saturation.cpu.serverUsPerEvent / b.saturation.cpu.serverUsPerEvent));
  const throughput = spread(pairs.map(({ p, b }) => p.saturation.eventsPerSecond / b.saturation.eventsPerSecond));
  const p99 = spread(pairs.map(({ p, b }) => p.openLoop.add.p99 / b.openLoop.add.p99));
  const extraMemoryKB = spread(pairs.map(({ p, b }) => (p.memory.perCartBytes - b.memory.perCartBytes) / 1024));
  return {
    runs: pairs.length,
    cpuPerEvent: cpu,
    throughput,
    addP99: p99,
    extraMemoryKB,
    targets: {
      cpuPerEvent: { limit: `<= ${FLOOR_TARGETS.cpuRatio}`, met: cpu.median <= FLOOR_TARGETS.cpuRatio },
      throughput: { limit: `>= ${FLOOR_TARGETS.throughputRatio}`, met: throughput.median >= FLOOR_TARGETS.throughputRatio },
      addP99: { limit: `<= ${FLOOR_TARGETS.p99Ratio}`, met: p99.median <= FLOOR_TARGETS.p99Ratio },
      extraMemoryKB: { limit: `<= ${FLOOR_TARGETS.extraMemoryKB}`, met: extraMemoryKB.median <= FLOOR_TARGETS.extraMemoryKB },
    },
  };
}

/** The human-readable table: medians, then each run's raw figures. */
export function table(
  summaries: Partial<Record<ServerName, Summary>>,
  runs: RunFigures[],
  comparison?: ReturnType<typeof compare>,
  floor?: ReturnType<typeof roundTripFloor>,
  paired?: ReturnType<typeof pairedFloor>,
): string {
  const names = Object.keys(summaries) as ServerName[];
  const rows: Array<[string, (s: Summary) => string, string?]> = [
    ['cart:add p50 (ms)', (s) => s.addP50Ms.toFixed(2), comparison && `${comparison.ratios.addP50}x`],
    ['cart:add p99 (ms)', (s) => s.addP99Ms.toFixed(2), comparison && `${comparison.ratios.addP99}x (target <= ${TARGETS.p99Ratio}x)`],
    ['cart:review p50 (ms)', (s) => s.reviewP50Ms.toFixed(2)],
    ['cart:review p99 (ms)', (s) => s.reviewP99Ms.toFixed(2), comparison && `${comparison.ratios.reviewP99}x`],
    ['reviews with reminders', (s) => `${(s.reviewsWithReminders * 100).toFixed(0)}%`],
    [
      '1st review p50/p99 (ms)',
      (s) => `${s.firstReviewP50Ms.toFixed(1)} / ${s.firstReviewP99Ms.toFixed(1)}`,
      `each cart's first event, ${FIRST_EVENT_CONCURRENCY} in flight (Panier: consent cache cold)`,
    ],
    ['1st reviews per second', (s) => s.firstReviewsPerSecond.toFixed(0)],
    [
      'max events/s',
      (s) => s.maxEventsPerSecond.toFixed(0),
      comparison && `${comparison.ratios.maxEventsPerSecond}x (target >= ${TARGETS.throughputRatio}x)`,
    ],
    ['  p99 at max (ms)', (s) => s.saturationP99Ms.toFixed(1)],
    [
      '  CPU srv/cli/redis/oth',
      (s) =>
        `${s.saturationServerCpu.toFixed(2)}/${s.saturationClientCpu.toFixed(2)}/${s.saturationRedisCpu.toFixed(2)}/${s.saturationOtherCpu.toFixed(2)}`,
      'cores: server, client, Redis, everything else',
    ],
    [
      'server CPU/event (us)',
      (s) => `${s.openLoopServerUsPerEvent.toFixed(0)} / ${s.saturationServerUsPerEvent.toFixed(0)}`,
      comparison
        ? `at the fixed rate / at saturation (${comparison.ratios.serverCpuPerEvent}x at saturation)`
        : 'at the fixed rate / at saturation',
    ],
    ['Redis CPU/event (us)', (s) => s.saturationRedisUsPerEvent.toFixed(0), 'at saturation'],
    [
      'memory per cart (KB)',
      (s) => s.memoryPerCartKB.toFixed(1),
      comparison && `+${comparison.ratios.extraMemoryPerCartKB} KB (target <= +${TARGETS.extraMemoryKB} KB)`,
    ],
    ['connect all carts (s)', (s) => s.connectSeconds.toFixed(1)],
    ['errors / lost acks', (s) => `${s.errors} / ${s.lost}`],
  ];
  const lines = [['median of runs', ...names, comparison ? 'panier vs bare' : ''].map((c, i) => pad(c, i === 0 ? 24 : 14)).join(' ')];
  for (const [label, cell, ratio] of rows)
    lines.push([pad(label, 24), ...names.map((n) => pad(cell(summaries[n] as Summary), 14)), ratio ?? ''].join(' '));
  if (comparison) {
    lines.push('');
    for (const [name, t] of Object.entries(comparison.targets))
      lines.push(`target ${pad(name, 22)} ${pad(String(t.value), 8)} ${pad(t.limit, 8)} ${t.met ? 'met' : 'MISSED'}`);
  }
  if (floor) {
    lines.push('', 'against bare-redis (the bare server plus one Redis round trip per cart:add):');
    if (floor.bareRedisVsBareAddP99 !== undefined)
      lines.push(
        `  the round trip alone: cart:add p99 ${floor.bareRedisVsBareAddP99}x the bare server's, max events/s ${floor.bareRedisVsBareMaxEventsPerSecond}x`,
      );
    lines.push(
      `  panier: cart:add p99 ${floor.addP99}x, max events/s ${floor.maxEventsPerSecond}x, server CPU per event ${floor.serverCpuPerEvent}x`,
    );
  }
  if (paired) {
    lines.push('', `panier / bare-redis run by run (${paired.runs} runs): median [min-max]`);
    const row = (label: string, s: Spread, unit: string, target: { limit: string; met: boolean }) =>
      lines.push(
        `  ${pad(label, 22)} ${s.median}${unit} [${s.min}-${s.max}]  target ${target.limit}${unit}: ${target.met ? 'met' : 'MISSED'}`,
      );
    row('server CPU per event', paired.cpuPerEvent, 'x', paired.targets.cpuPerEvent);
    row('max events/s', paired.throughput, 'x', paired.targets.throughput);
    row('cart:add p99 at rate', paired.addP99, 'x', paired.targets.addP99);
    row('memory per cart', paired.extraMemoryKB, ' KB', paired.targets.extraMemoryKB);
  }
  lines.push('', 'runs: server run | add p50/p99 ms | review p50/p99 ms | max ev/s | KB/cart | connect s');
  for (const r of runs) {
    lines.push(
      `  ${pad(r.server, 10)} ${r.run} | ${r.openLoop.add.p50.toFixed(2)} / ${r.openLoop.add.p99.toFixed(2)} | ${r.openLoop.review.p50.toFixed(2)} / ${r.openLoop.review.p99.toFixed(2)} | ${r.saturation.eventsPerSecond.toFixed(0)} | ${(r.memory.perCartBytes / 1024).toFixed(1)} | ${r.connect.seconds.toFixed(1)}`,
    );
  }
  return lines.join('\n');
}

const pad = (text: string, width: number) => text.padEnd(width);

/** Every figure of a run, rounded for the JSON line. */
export function rawRun(r: RunFigures) {
  const ms = (p: { p50: number; p99: number; max: number }) => ({ p50: round(p.p50), p99: round(p.p99), max: round(p.max) });
  return {
    server: r.server,
    run: r.run,
    connect: { carts: r.connect.carts, seconds: round(r.connect.seconds) },
    memory: { ...r.memory, perCartBytes: Math.round(r.memory.perCartBytes) },
    firstEvent: {
      ...ms(r.firstEvent),
      count: r.firstEvent.count,
      errors: r.firstEvent.errors,
      lost: r.firstEvent.lost,
      withReminders: r.firstEvent.withReminders,
      eventsPerSecond: round(r.firstEvent.eventsPerSecond, 1),
    },
    openLoop: {
      targetRate: r.openLoop.targetRate,
      achievedRate: round(r.openLoop.achievedRate, 1),
      sendLagP99Ms: round(r.openLoop.sendLagP99Ms),
      add: { ...ms(r.openLoop.add), count: r.openLoop.add.count, errors: r.openLoop.add.errors, lost: r.openLoop.add.lost },
      review: {
        ...ms(r.openLoop.review),
        count: r.openLoop.review.count,
        errors: r.openLoop.review.errors,
        lost: r.openLoop.review.lost,
        withReminders: r.openLoop.review.withReminders,
      },
      errorCodes: r.openLoop.errorCodes,
      cpu: roundAll(r.openLoop.cpu),
    },
    saturation: {
      inflight: r.saturation.inflight,
      eventsPerSecond: round(r.saturation.eventsPerSecond, 1),
      ...ms(r.saturation),
      completed: r.saturation.completed,
      errors: r.saturation.errors,
      lost: r.saturation.lost,
      cpu: roundAll(r.saturation.cpu),
    },
    pushed: r.pushed,
    loadAverage: r.loadAverage,
    background: roundAll(r.background),
  };
}

function roundAll<T extends object>(figures: T): T {
  return Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, typeof v === 'number' ? round(v) : v])) as T;
}
