import type { Figure } from './benches.js';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  postgres: string;
  redis: string;
  os: string;
}

/** What became of one benchmark in the run. */
export type Outcome =
  | { script: string; what: string; command: string; status: 'ran'; seconds: number; figures: Figure[]; notes: string[] }
  | { script: string; what: string; command: string; status: 'failed'; seconds: number; reason: string }
  | { script: string; what: string; command: string; status: 'skipped'; reason: string };

export interface Run {
  startedAt: Date;
  seconds: number;
  command: string;
  machine: Machine;
  loadAverage: { start: number; end: number };
  outcomes: Outcome[];
}

const cell = (text: string | undefined) => (text ?? '').replaceAll('|', '\\|').replaceAll('\n', ' ');
const minutes = (s: number) => (s < 90 ? `${Math.round(s)} s` : `${(s / 60).toFixed(1)} min`);

/** docs/benchmarks.md, whole: the runner writes it and nothing else does. */
export function renderReport(run: Run): string {
  const m = run.machine;
  const when = run.startedAt.toISOString().replace('T', ' ').slice(0, 16);
  // The load at the end includes the benchmarks' own processes: only the start says what else ran.
  const busy = run.loadAverage.start > m.cores;
  const lines = [
    '# Benchmarks',
    '',
    '<!-- Written by `npm run bench` (bench/all.ts). Do not edit: rerun it. -->',
    '',
    "Read this for Panier's current speed: every figure beside a baseline measured in the same run, on",
    'the same machine, so compare ratios rather than absolute figures across machines and days. How',
    'each benchmark works, its options and its earlier figures: [benchmark-notes.md](benchmark-notes.md).',
    '',
    `- **Date**: ${when} UTC (${minutes(run.seconds)} in all)`,
    `- **Machine**: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB of memory, ${m.os}`,
    `- **Software**: Node.js ${m.node}, PostgreSQL ${m.postgres}, Redis ${m.redis}`,
    `- **Load average** (1 min) at the start and the end: ${run.loadAverage.start} and ${run.loadAverage.end}` +
      (busy ? ' — more than the cores at the start: other work shared the machine, so absolute figures are low and spread wide' : ''),
    `- **Reproduce**: \`${run.command}\` (the command of each benchmark is under its heading)`,
    '',
    '## Summary',
    '',
    '| benchmark | figure | value | baseline (same run) | ratio | target |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const o of run.outcomes) {
    if (o.status !== 'ran') {
      lines.push(`| \`${o.script}\` | ${cell(o.what)} | ${o.status}: ${cell(o.reason)} | | | |`);
      continue;
    }
    for (const f of o.figures) {
      lines.push(`| \`${o.script}\` | ${cell(f.figure)} | ${cell(f.value)} | ${cell(f.baseline)} | ${cell(f.ratio)} | ${cell(f.target)} |`);
    }
  }
  for (const o of run.outcomes) {
    lines.push('', `## \`${o.script}\`: ${o.what}`, '', '```bash', o.command, '```', '');
    if (o.status === 'skipped') lines.push(`Skipped: ${o.reason}.`);
    else if (o.status === 'failed') lines.push(`Failed after ${minutes(o.seconds)}: ${o.reason}.`);
    else {
      lines.push(`Ran in ${minutes(o.seconds)}.`);
      if (o.notes.length) lines.push('', ...o.notes.map((n) => `- ${n}`));
    }
  }
  return lines.join('\n') + '\n';
}

/** The last line of a benchmark's output that is a JSON object: its figures. */
export function lastJsonLine(output: string): Record<string, unknown> | undefined {
  for (const line of output.trim().split('\n').reverse()) {
    const text = line.trim();
    if (!text.startsWith('{')) continue;
    try {
      return JSON.parse(text) as Record<string, unknown>;
    } catch {
      continue;
    }
  }
  return undefined;
}
