/**
 * Coordinate-descent grid search of the profile settings and ranker options on
 * the tune split only. The objective is the forgotten-item repeat hit rate in
 * expectation over the draw (every item of the last basket hidden in turn), far
 * steadier than one draw. The winners are then written by hand as the defaults.
 */
import { DEFAULT_PROFILE_CONFIG, type ProfileConfig } from '../../src/modules/profiles/domain/habit-profile.js';
import { DEFAULT_REMINDER_OPTIONS, type ReminderOptions } from '../../src/modules/reminders/domain/reminder-ranker.js';
import type { PopulationStats } from '../../src/modules/reminders/domain/population-stats.js';
import type { Shopper } from './dataset.js';
import { engineRanker } from './methods.js';
import { expectedForgotten, prepare, type Subject } from './protocol.js';

type Settings = { profile: ProfileConfig; ranker: ReminderOptions };

const PROFILE_GRID: Partial<Record<keyof ProfileConfig, number[]>> = {
  halfLifeDays: [28, 56, 112, 365, 730],
  tripWindow: [8, 16, 24, 52],
};

const RANKER_GRID: Partial<Record<keyof ReminderOptions, number[]>> = {
  coBoughtWeight: [0, 0.1, 0.25, 0.5, 1, 2],
  repeatShareWeight: [0, 0.1, 0.25, 0.5, 1],
  populationCyclePrior: [0, 0.5, 1, 2, 4],
  frequencyWeight: [0, 0.5, 1, 2],
  recencyWeight: [0, 1, 1.5, 2, 3],
  cartAffinityWeight: [0, 0.25, 0.5, 1, 2],
  affinityPower: [1, 2],
  affinityPrior: [0, 0.5, 1, 2],
  dueWeight: [0, 0.1, 0.25, 0.5, 1, 2],
  dueUnknown: [0, 0.5],
};

/** One dataset to tune on: its tune-split shoppers, and the population stats of all its shoppers. */
export interface TuneSet {
  readonly shoppers: readonly Shopper[];
  readonly population: PopulationStats;
}

/**
 * Runs `sweeps` passes over every parameter, logging each grid row; returns the best settings.
 * With several datasets the objective is the mean of their expected repeat hit@3, so that the
 * defaults are not those of one dataset.
 */
export function tune(sets: readonly TuneSet[], sweeps: number, log: (line: string) => void): Settings {
  const cache = new Map<string, Subject[]>();
  const subjectsFor = (set: number, profile: ProfileConfig) => {
    const key = `${set}:${JSON.stringify(profile)}`;
    if (!cache.has(key)) cache.set(key, prepare(sets[set].shoppers, profile));
    return cache.get(key)!;
  };
  const objective = (s: Settings) =>
    sets.reduce(
      (sum, set, k) => sum + expectedForgotten(engineRanker(s.ranker, set.population), subjectsFor(k, s.profile)).repeatHitAt3,
      0,
    ) / sets.length;
  let best: Settings = { profile: DEFAULT_PROFILE_CONFIG, ranker: DEFAULT_REMINDER_OPTIONS };
  let bestValue = objective(best);
  log(`defaults: expected repeatHit@3 ${bestValue.toFixed(4)}`);
  for (let sweep = 0; sweep < sweeps; sweep++) {
    for (const [key, values] of gridEntries()) {
      const row: string[] = [];
      for (const value of values) {
        const candidate = withValue(best, key, value);
        const result = objective(candidate);
        row.push(`${value}:${result.toFixed(4)}`);
        // Strictly better only, so ties keep the current (simpler) value.
        if (result > bestValue + 1e-9) [best, bestValue] = [candidate, result];
      }
      log(`${key.padEnd(18)} ${row.join(' ')}  -> ${bestValue.toFixed(4)}`);
    }
  }
  return best;
}

function gridEntries(): [string, number[]][] {
  return [...Object.entries(PROFILE_GRID), ...Object.entries(RANKER_GRID)] as [string, number[]][];
}

function withValue(settings: Settings, key: string, value: number): Settings {
  if (key in PROFILE_GRID) return { ...settings, profile: { ...settings.profile, [key]: value } };
  return { ...settings, ranker: { ...settings.ranker, [key]: value } };
}
