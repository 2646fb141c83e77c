/** Formatting of the evaluation output, and the profile-size figures. */
import type { HabitProfile } from '../../src/modules/profiles/domain/habit-profile.js';
import { encodeProfile } from '../../src/modules/profiles/domain/profile-codec.js';
import type { Scores } from './protocol.js';

/** Encoded profile sizes over a set of shoppers, and the extrapolation the capacity plan needs. */
export interface ProfileBytes {
  readonly mean: number;
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
  /** mean × 30 million shoppers, in GB (10^9 bytes); values only, no Redis key overhead. */
  readonly gbFor30MShoppers: number;
}

const SHOPPERS_AT_SCALE = 30_000_000;

/** Measures {@link encodeProfile} over the given profiles. */
export function measureProfileBytes(profiles: readonly HabitProfile[]): ProfileBytes {
  const sizes = profiles.map((profile) => encodeProfile(profile).length).sort((a, b) => a - b);
  const mean = sizes.reduce((sum, size) => sum + size, 0) / Math.max(1, sizes.length);
  const at = (q: number) => sizes[Math.min(sizes.length - 1, Math.floor(q * sizes.length))] ?? 0;
  return {
    mean: round(mean, 1),
    p50: at(0.5),
    p95: at(0.95),
    max: sizes.at(-1) ?? 0,
    gbFor30MShoppers: round((mean * SHOPPERS_AT_SCALE) / 1e9, 2),
  };
}

/** A fixed-width table of the methods' scores. */
export function scoreTable(rows: ReadonlyArray<readonly [string, Scores]>): string {
  const header = [
    'method',
    'hit@3',
    'repeatHit@3 ± se',
    'E[hit@3]',
    'E[repeatHit@3] ± se',
    'recall@10 ± se',
    'ndcg@10',
    'shoppers',
    'repeat',
    'nbr',
  ];
  const body = rows.map(([name, s]) => [
    name,
    fixed(s.hitAt3),
    `${fixed(s.repeatHitAt3)} ± ${fixed(s.repeatHitAt3Se)}`,
    fixed(s.expectedHitAt3),
    `${fixed(s.expectedRepeatHitAt3)} ± ${fixed(s.expectedRepeatHitAt3Se)}`,
    `${fixed(s.recallAt10)} ± ${fixed(s.recallAt10Se)}`,
    fixed(s.ndcgAt10),
    String(s.shoppers),
    String(s.repeatShoppers),
    String(s.nbrShoppers),
  ]);
  const widths = header.map((_, i) => Math.max(...[header, ...body].map((row) => row[i].length)));
  const line = (row: readonly string[]) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

/** Scores rounded for the JSON line. */
export function rounded(scores: Scores): Scores {
  return {
    ...scores,
    hitAt3: round(scores.hitAt3, 4),
    repeatHitAt3: round(scores.repeatHitAt3, 4),
    repeatHitAt3Se: round(scores.repeatHitAt3Se, 4),
    expectedRepeatHitAt3Se: round(scores.expectedRepeatHitAt3Se, 4),
    recallAt10Se: round(scores.recallAt10Se, 4),
    expectedHitAt3: round(scores.expectedHitAt3, 4),
    expectedRepeatHitAt3: round(scores.expectedRepeatHitAt3, 4),
    recallAt10: round(scores.recallAt10, 4),
    ndcgAt10: round(scores.ndcgAt10, 4),
  };
}

function fixed(value: number): string {
  return value.toFixed(4);
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
