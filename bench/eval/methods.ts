/** The methods compared, all behind one {@link Ranker} signature. */
import { buildPopulationStats, type PopulationStats } from '../../src/modules/reminders/domain/population-stats.js';
import { rankReminders, type ReminderOptions } from '../../src/modules/reminders/domain/reminder-ranker.js';
import { firstOutsideCart, gpTopFreq, ownTopFrequent, pTopFreq, type TifuKnnParams, tifuKnnRankings } from './baselines.js';
import type { Shopper } from './dataset.js';
import type { Ranker, Subject } from './protocol.js';

/** Panier's engine: the service's own ranker on the profile built by buildProfile, with the population's stats. */
export function engineRanker(options: Partial<ReminderOptions> = {}, population?: PopulationStats): Ranker {
  return (subject, cart, k) =>
    rankReminders({ profile: subject.profile, cartSkus: cart, now: subject.shopper.futureAt, population }, { ...options, limit: k }).map(
      (r) => r.sku,
    );
}

/** The population's stats from every shopper's history (never a basket to predict), as the offline job builds them. */
export function populationOf(shoppers: readonly Shopper[]): PopulationStats {
  return buildPopulationStats(shoppers.map((shopper) => shopper.history));
}

/** P-TopFreq and GP-TopFreq over the raw baskets, own rankings computed once per shopper. */
export function baselineRankers(subjects: readonly Subject[], global: readonly string[]): { p: Ranker; gp: Ranker } {
  const own = new Map(subjects.map((subject) => [subject.shopper.id, ownTopFrequent(subject.shopper)]));
  const ownOf = (subject: Subject) => own.get(subject.shopper.id) ?? [];
  return {
    p: (subject, cart, k) => pTopFreq(ownOf(subject), cart, k),
    gp: (subject, cart, k) => gpTopFreq(ownOf(subject), global, cart, k),
  };
}

/** TIFU-KNN fitted on the whole population, ranking for the subjects only. */
export function tifuKnnRanker(population: readonly Shopper[], subjects: readonly Subject[], params?: TifuKnnParams): Ranker {
  const rankings = tifuKnnRankings(population, new Set(subjects.map((s) => s.shopper.id)), params);
  return (subject, cart, k) => firstOutsideCart(rankings.get(subject.shopper.id) ?? [], cart, k);
}
