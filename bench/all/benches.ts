/** One figure of a benchmark beside the baseline measured in the same run. */
export interface Figure {
  figure: string;
  value: string;
  baseline?: string;
  ratio?: string;
  target?: string;
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A benchmark `npm run bench` runs: its npm script, its small defaults, and how to read its JSON line. */
export interface Bench {
  script: string;
  args: string[];
  what: string;
  figures?: (json: Json) => Figure[];
  /** Lines under the benchmark's heading: what the figures alone do not say. */
  notes?: (json: Json) => string[];
}

/**
 * Every benchmark, in the order they run; adding one is one line (a script not in package.json is
 * skipped with a note). The arguments keep the whole run to about ten minutes on two cores; each
 * script's header in bench/ lists its options and the larger defaults it runs with alone.
 */
export const BENCHES: Bench[] = [
  { script: 'bench:import', args: ['--lines', '200000', '--customers', '5000'], what: 'purchase import (CSV)', figures: importFigures },
  { script: 'bench:carts', args: ['--carts', '1000', '--runs', '3'], what: 'live carts', figures: cartsFigures },
  {
    script: 'bench:fanout',
    args: ['--shoppers', '50000', '--latency-seconds', '6', '--skip-in-api-latency', '--scale', '1,2', '--scale-rounds', '2'],
    what: 'campaign fan-out, and by worker process',
    figures: fanoutFigures,
    notes: fanoutNotes,
  },
  { script: 'bench:push', args: ['--pushes', '40000'], what: 'push sends', figures: pushFigures },
  {
    script: 'bench:insights',
    args: ['--lines', '1000000', '--shoppers', '30000', '--products', '2000', '--audience', '20000', '--runs', '3'],
    what: 'supplier insights reports',
    figures: insightsFigures,
  },
];

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => `${n.toFixed(n < 10 ? 2 : 0)} ms`;
const x = (a: number, b: number) => `${(a / b).toFixed(2)}×`;

function importFigures(j: Json): Figure[] {
  return [
    {
      figure: `import of ${int(j.lines)} CSV lines`,
      value: `${int(j.linesPerSec)} lines/s`,
      baseline: `${int(j.bareLinesPerSec)} lines/s (\`psql \\copy\` into a bare table)`,
      ratio: x(j.linesPerSec, j.bareLinesPerSec),
      target: '≥ 150,000 lines/s',
    },
    { figure: 'importer peak RSS', value: `${int(j.peakRssMb)} MB`, target: '< 500 MB' },
  ];
}

function cartsFigures(j: Json): Figure[] {
  const { panier, bare, 'bare-redis': bareRedis } = j.median as Record<string, Json>;
  const rows: Figure[] = [
    {
      figure: '`cart:add` p99 at the open-loop rate',
      value: ms(panier.addP99Ms),
      baseline: `${ms(bare.addP99Ms)} (bare socket.io)`,
      ratio: x(panier.addP99Ms, bare.addP99Ms),
      target: '≤ 1.5×',
    },
    {
      figure: 'events/s at saturation',
      value: int(panier.maxEventsPerSecond),
      baseline: `${int(bare.maxEventsPerSecond)} (bare socket.io)`,
      ratio: x(panier.maxEventsPerSecond, bare.maxEventsPerSecond),
      target: '≥ 0.5×',
    },
    {
      figure: 'memory per cart',
      value: `${panier.memoryPerCartKB.toFixed(1)} KB`,
      baseline: `${bare.memoryPerCartKB.toFixed(1)} KB (bare socket.io)`,
      ratio: `${panier.memoryPerCartKB >= bare.memoryPerCartKB ? '+' : '−'}${Math.abs(panier.memoryPerCartKB - bare.memoryPerCartKB).toFixed(1)} KB`,
      target: '≤ +10 KB',
    },
  ];
  if (bareRedis) {
    const floor = '(bare socket.io + one Redis script per event)';
    // Run by run (both servers in each run), median and range: steadier than a ratio of medians.
    const paired = (j.vsBareRedis as Json | undefined)?.paired as Record<string, { median: number; min: number; max: number }> | undefined;
    const ratio = (key: string, value: number, base: number) =>
      paired?.[key]
        ? `${paired[key].median.toFixed(2)}× (${paired[key].min.toFixed(2)}–${paired[key].max.toFixed(2)}, run by run)`
        : x(value, base);
    rows.push(
      {
        figure: '`cart:add` p99 against one Redis round trip',
        value: ms(panier.addP99Ms),
        baseline: `${ms(bareRedis.addP99Ms)} ${floor}`,
        ratio: ratio('addP99', panier.addP99Ms, bareRedis.addP99Ms),
        target: '≤ 1.25×',
      },
      {
        figure: 'events/s at saturation against one Redis round trip',
        value: int(panier.maxEventsPerSecond),
        baseline: `${int(bareRedis.maxEventsPerSecond)} ${floor}`,
        ratio: ratio('throughput', panier.maxEventsPerSecond, bareRedis.maxEventsPerSecond),
        target: '≥ 0.85×',
      },
      {
        figure: 'server CPU per event at saturation',
        value: `${int(panier.saturationServerUsPerEvent)} µs`,
        baseline: `${int(bareRedis.saturationServerUsPerEvent)} µs ${floor}`,
        ratio: ratio('cpuPerEvent', panier.saturationServerUsPerEvent, bareRedis.saturationServerUsPerEvent),
        target: '≤ 1.2×',
      },
    );
  }
  return rows;
}

function fanoutFigures(j: Json): Figure[] {
  const rows: Figure[] = [
    {
      figure: `fan-out to ${int(j.shoppers)} shoppers (workers in the API process)`,
      value: `${int(j.shoppersPerSecond)} shoppers/s`,
      baseline: j.bareAddBulkJobsPerSecond ? `${int(j.bareAddBulkJobsPerSecond)} jobs/s (bare BullMQ \`addBulk\`)` : undefined,
      ratio: j.bareAddBulkJobsPerSecond ? x(j.shoppersPerSecond, j.bareAddBulkJobsPerSecond) : undefined,
      target: '≥ 20,000 shoppers/s',
    },
  ];
  const cart = j.cartWorkerProcess as Json | undefined;
  if (cart) {
    rows.push({
      figure: `live cart p99 during a default-pace fan-out (${int(cart.sentPerSecond)} sends/s, worker process)`,
      value: ms(cart.duringFanout.p99Ms),
      baseline: `${ms(cart.atRest.p99Ms)} (the same cart at rest)`,
      ratio: `${cart.p99Ratio}×`,
      target: '≤ 1.5×',
    });
  }
  const scaling = j.workerScaling as Json | undefined;
  for (const row of (scaling?.summary ?? []) as Json[]) {
    const first = scaling?.summary[0] as Json;
    rows.push({
      figure: `fan-out with the API apart and ${row.workerProcesses} worker process${row.workerProcesses > 1 ? 'es' : ''}`,
      value: `${int(row.median)} shoppers/s (${int(row.min)}–${int(row.max)})`,
      baseline: row === first ? undefined : `${int(first.median)} shoppers/s (${first.workerProcesses} worker process)`,
      ratio: row === first ? undefined : `${row.vsFirst}×`,
    });
  }
  const c = scaling?.ceilings as Json | undefined;
  if (c) {
    const us = c.usPerShopper as Json;
    rows.push(
      {
        figure: 'CPU per shopper in those runs (median): workers, PostgreSQL, Redis',
        value: `${us.workers} µs, ${us.postgres} µs, ${us.redis} µs`,
      },
      {
        figure: 'where each part would top out, from that CPU',
        value: `Redis ${int(c.redisShoppersPerSecond)}/s (one thread); PostgreSQL ${int(c.postgresShoppersPerSecondPerCore)}/s per core`,
        baseline: `all on this machine's ${scaling?.cores} cores: ${int(c.machineShoppersPerSecond)}/s`,
      },
    );
  }
  return rows;
}

function fanoutNotes(j: Json): string[] {
  const scaling = j.workerScaling as Json | undefined;
  if (!scaling) return [];
  const notes = (scaling.runs as Json[]).map(
    (r) =>
      `${r.workerProcesses} worker process${r.workerProcesses > 1 ? 'es' : ''}, round ${r.round}: ${int(r.shoppersPerSecond)} shoppers/s; ` +
      `cores used: workers ${r.cores.workers}, PostgreSQL ${r.cores.postgres}, Redis ${r.cores.redis}, API ${r.cores.api}, ` +
      `other work on the machine ${r.cores.others}; limit: **${r.limit.limit}** (${r.limit.why})`,
  );
  const c = scaling.ceilings as Json | undefined;
  if (c) {
    notes.push(
      `From the CPU per shopper, the store that limits first as worker processes are added is **${c.postgresCoresAtRedisCeiling > 1 ? 'PostgreSQL' : 'Redis'}**: ` +
        `PostgreSQL spends ${c.postgresCoresAtRedisCeiling}× Redis' CPU per shopper, so it needs more than ${c.postgresCoresAtRedisCeiling} cores of its own ` +
        `before Redis' single thread (${int(c.redisShoppersPerSecond)} shoppers/s) becomes the limit. On this ${scaling.cores}-core machine, where workers, ` +
        `PostgreSQL and Redis share the cores, the cores run out first (near ${int(c.machineShoppersPerSecond)} shoppers/s with nothing else running).`,
    );
  }
  notes.push(
    'Worker processes are real OS processes (`node dist/src/worker.js`, as `npm run start:worker`); the API runs apart ' +
      `(\`ROLE=api\`) in the bench process; the workers run at normal priority here (\`WORKER_NICENESS=0\`, no \`SCHED_IDLE\`), else on a shared machine they get only what other processes leave. Redis is ${scaling.privateRedis ? 'a private `redis-server` started for this phase, so its CPU is the fan-out’s alone' : 'the shared server (no `redis-server` to start a private one)'}; ` +
      "PostgreSQL's CPU is that of the bench database's backends (not the WAL writer and checkpointer). " +
      'A limit of `cpu` means the cores were full and the workers used more of them than PostgreSQL; `others` that other work on the machine used most of them (the run measured the neighbours); `none` that cores were left.',
  );
  return notes;
}

function pushFigures(j: Json): Figure[] {
  const provider = (name: string, p: Json): Figure => ({
    figure: `${name}: ${int(j.pushes / 2)} pushes to the local fake, ${int(j.concurrency)} in flight`,
    value: `${int(p.panier)} pushes/s`,
    baseline: `${int(p.bare)} pushes/s (one bare HTTP/2 session, no gate)`,
    ratio: x(p.panier, p.bare),
    target: `≥ ${j.target}× bare`,
  });
  const slow = j.slowApns as Json;
  return [
    provider('APNs', j.apns as Json),
    provider('FCM', j.fcm as Json),
    {
      figure: `FCM while APNs answers ${int(slow.delayMs)} ms late`,
      value: `${int(slow.fcmBesideSlowApns)} pushes/s`,
      baseline: `${int(slow.fcmAlone)} pushes/s (FCM alone)`,
      ratio: x(slow.fcmBesideSlowApns, slow.fcmAlone),
    },
  ];
}

function insightsFigures(j: Json): Figure[] {
  const bare = j.bareCount as Json;
  return Object.entries(j.reports as Record<string, Json>).map(([name, t]) => ({
    figure: `insights report \`${name}\` on ${int(j.lines)} purchase lines (median of ${j.runs})`,
    value: ms(t.medianMs),
    baseline: `${ms(bare.medianMs)} (bare SQL \`count(*)\` of the same window)`,
    ratio: x(t.medianMs, bare.medianMs),
    target: '< 1 s',
  }));
}

/** For a benchmark without its own reader: every top-level number of its JSON line. */
export function genericFigures(json: Json): Figure[] {
  return Object.entries(json)
    .filter(([, v]) => typeof v === 'number')
    .map(([figure, v]) => ({ figure: `\`${figure}\``, value: String(v) }));
}
