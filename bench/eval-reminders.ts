/**
 * Offline evaluation of the reminder engine on a dataset directory (Ta-Feng's next-basket files,
 * or purchases with real dates in Panier's import formats: bench/eval/dataset.ts), following the
 * Ta-Feng README's protocol (forgotten item, next basket), against P-TopFreq, GP-TopFreq and
 * TIFU-KNN on the same shoppers and the same draws.
 *
 *   node dist/bench/eval-reminders.js <datasetDir> [--users all|test] [--seed N] [--tune [--sweeps N]]
 *
 * Prints a table, then one JSON line. `--tune` grid-searches on the tune split and prints the
 * best settings.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_PROFILE_CONFIG } from '../src/modules/profiles/domain/habit-profile.js';
import { populationStatsBytes } from '../src/modules/reminders/domain/population-stats.js';
import { DEFAULT_REMINDER_OPTIONS } from '../src/modules/reminders/domain/reminder-ranker.js';
import { globalTopFrequent } from './eval/baselines.js';
import { loadDataset } from './eval/dataset.js';
import { baselineRankers, engineRanker, populationOf, tifuKnnRanker } from './eval/methods.js';
import {
  drawHidden,
  evaluateWithOutcomes,
  microsPerReview,
  pairedDifference,
  prepare,
  SPLIT_SALT,
  splitOf,
  TUNE_SHARE,
  type Ranker,
  type Subject,
} from './eval/protocol.js';
import { measureProfileBytes, rounded, scoreTable } from './eval/report.js';
import { tune } from './eval/tune.js';

/** Published TIFU-KNN figures on Ta-Feng (dataset README), beside the re-implementation's. */
const TIFU_KNN_PUBLISHED = { repeatHitAt3: 0.293, recallAt10: 0.1301, ndcgAt10: 0.1011 };

interface Cli {
  readonly dirs: readonly string[];
  readonly users: 'all' | 'test';
  readonly seed: number;
  readonly tune: boolean;
  readonly sweeps: number;
}

function parseCli(argv: string[]): Cli {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      users: { type: 'string', default: 'test' },
      seed: { type: 'string', default: '42' },
      tune: { type: 'boolean', default: false },
      sweeps: { type: 'string', default: '1' },
    },
  });
  const seed = Number(values.seed);
  const sweeps = Number(values.sweeps);
  if (positionals.length === 0 || (positionals.length > 1 && !values.tune)) {
    throw new Error('usage: eval-reminders <datasetDir> [--users all|test] [--seed N] | --tune [--sweeps N] <datasetDir>...');
  }
  if (values.users !== 'all' && values.users !== 'test') throw new Error(`--users must be all or test, not ${values.users}`);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, not ${values.seed}`);
  if (!Number.isInteger(sweeps) || sweeps < 1) throw new Error(`--sweeps must be a positive integer, not ${values.sweeps}`);
  return { dirs: positionals, users: values.users, seed, tune: values.tune, sweeps };
}

async function main(): Promise<void> {
  const started = performance.now();
  const cli = parseCli(process.argv.slice(2));
  const split = `fnv1a(salt=${SPLIT_SALT}, shopperId): ${Math.round(TUNE_SHARE * 100)}% tune / ${Math.round((1 - TUNE_SHARE) * 100)}% test`;
  if (cli.tune) {
    const sets = [];
    for (const dir of cli.dirs) {
      const { shoppers } = await loadDataset(dir);
      sets.push({ shoppers: shoppers.filter((s) => splitOf(s.id) === 'tune'), population: populationOf(shoppers) });
    }
    const best = tune(sets, cli.sweeps, (line) => console.log(line));
    console.log(JSON.stringify({ datasets: cli.dirs, split, users: 'tune', best }));
    return;
  }
  const dir = cli.dirs[0];
  const dataset = await loadDataset(dir);
  const { shoppers } = dataset;
  const selected = cli.users === 'all' ? shoppers : shoppers.filter((s) => splitOf(s.id) === 'test');
  // Draws and best-sellers come from every shopper, so they never depend on --users.
  const draws = drawHidden(shoppers, cli.seed);
  const subjects = prepare(selected, DEFAULT_PROFILE_CONFIG);
  const baselines = baselineRankers(subjects, globalTopFrequent(shoppers));
  const population = populationOf(shoppers);
  const engine = evaluateWithOutcomes(engineRanker(DEFAULT_REMINDER_OPTIONS, population), subjects, draws);
  const pTopFreq = evaluateWithOutcomes(baselines.p, subjects, draws);
  const gpTopFreq = evaluateWithOutcomes(baselines.gp, subjects, draws);
  const tifuKnn = evaluateWithOutcomes(tifuKnnRanker(shoppers, subjects), subjects, draws);
  const profileBytes = measureProfileBytes(subjects.map((s) => s.profile));
  const scoringMicros = timeScoring(engineRanker(DEFAULT_REMINDER_OPTIONS, population), engineRanker(DEFAULT_REMINDER_OPTIONS), subjects);
  const populationBytes = populationStatsBytes(population);
  const versus = {
    pTopFreq: rounded4(pairedDifference(engine.outcomes, pTopFreq.outcomes)),
    tifuKnn: rounded4(pairedDifference(engine.outcomes, tifuKnn.outcomes)),
  };
  const seconds = (performance.now() - started) / 1000;

  const dates = dataset.realDates ? 'real dates' : 'synthetic weekly dates';
  console.log(`${dir} (${dataset.layout}, ${dates}; ${dataset.files.join(', ')}; ${dataset.rejectedLines} lines refused)`);
  console.log(`${selected.length} shoppers (${cli.users}), split ${split}, draw seed ${cli.seed}`);
  console.log(`profile ${JSON.stringify(DEFAULT_PROFILE_CONFIG)}`);
  console.log(`ranker  ${JSON.stringify(DEFAULT_REMINDER_OPTIONS)}\n`);
  console.log(
    scoreTable([
      ['engine', engine.scores],
      ['P-TopFreq', pTopFreq.scores],
      ['GP-TopFreq', gpTopFreq.scores],
      ['TIFU-KNN', tifuKnn.scores],
    ]),
  );
  console.log('E[...]: expectation over the draw, every item of the last basket hidden in turn.');
  const diff = (d: { difference: number; se: number }) => `${d.difference >= 0 ? '+' : ''}${d.difference.toFixed(4)} ± ${d.se.toFixed(4)}`;
  console.log(`engine − P-TopFreq E[repeatHit@3] ${diff(versus.pTopFreq)}, engine − TIFU-KNN ${diff(versus.tifuKnn)} (paired by shopper)`);
  if (dataset.layout === 'tafeng') {
    const p = TIFU_KNN_PUBLISHED;
    console.log(`TIFU-KNN (published, Ta-Feng): repeatHit@3 ${p.repeatHitAt3}, recall@10 ${p.recallAt10}, ndcg@10 ${p.ndcgAt10}`);
  }
  console.log(
    `profile bytes per shopper: mean ${profileBytes.mean}, p50 ${profileBytes.p50}, p95 ${profileBytes.p95}, ` +
      `max ${profileBytes.max}; 30M shoppers ≈ ${profileBytes.gbFor30MShoppers} GB of values`,
  );
  console.log(
    `scoring per cart review: ${scoringMicros.withPopulation} µs with the population stats, ${scoringMicros.shopperAlone} µs on the ` +
      `shopper's profile alone; population stats ${populationBytes} bytes (${population.skus.length} items)`,
  );
  console.log(`took ${seconds.toFixed(1)} s\n`);
  const result = {
    dataset: { layout: dataset.layout, realDates: dataset.realDates, rejectedLines: dataset.rejectedLines },
    split,
    users: cli.users,
    seed: cli.seed,
    engine: rounded(engine.scores),
    pTopFreq: rounded(pTopFreq.scores),
    gpTopFreq: rounded(gpTopFreq.scores),
    tifuKnn: rounded(tifuKnn.scores),
    engineMinus: versus,
    profileBytes,
    scoringMicros,
    populationBytes,
    seconds: Math.round(seconds * 10) / 10,
  };
  console.log(JSON.stringify(result));
}

/** Medians over alternating rounds, so that neither side gets the warmer JIT or the quieter machine. */
function timeScoring(withPopulation: Ranker, shopperAlone: Ranker, subjects: Subject[]) {
  const rounds: Array<[number, number]> = [];
  for (let r = 0; r < 5; r++) rounds.push([microsPerReview(withPopulation, subjects, 1), microsPerReview(shopperAlone, subjects, 1)]);
  const median = (values: number[]) => values.sort((a, b) => a - b)[values.length >> 1];
  return { withPopulation: round1(median(rounds.map((r) => r[0]))), shopperAlone: round1(median(rounds.map((r) => r[1]))) };
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

function rounded4(d: { difference: number; se: number }) {
  return { difference: Math.round(d.difference * 1e4) / 1e4, se: Math.round(d.se * 1e4) / 1e4 };
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
