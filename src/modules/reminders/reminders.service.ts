import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import type { HabitProfile } from '../profiles/domain/habit-profile.js';
import { decidePush, type PushDecision } from './domain/push-policy.js';
import { type ItemMetaLookup, type Reminder, rankReminders } from './domain/reminder-ranker.js';
import { type ScoringProfile, toScoringProfile } from './domain/scoring-profile.js';
import { PopulationStatsService } from './population-stats.service.js';

/** Distinct sku strings shared by every packed profile of the instance, at most this many. */
const MAX_INTERNED_SKUS = 500_000;

/** What the live path knows when it asks for reminders. */
export interface ReminderContext {
  profile: ScoringProfile;
  cartSkus: readonly string[];
  cartItemCount: number;
  dismissed: ReadonlyMap<string, number>;
  items?: ItemMetaLookup;
  now?: number;
}

/** The reminder model with the service's configuration: ranking and when to speak. */
@Injectable()
export class RemindersService {
  /** One copy of each sku string for all connected shoppers' profiles (skus repeat across shoppers). */
  private readonly skus = new Map<string, string>();

  constructor(
    private readonly config: AppConfig,
    private readonly population: PopulationStatsService,
  ) {}

  /** The profile in the form a connected device keeps between events (scoring-profile.ts). */
  pack(profile: HabitProfile): ScoringProfile {
    return toScoringProfile(profile, (sku) => {
      const known = this.skus.get(sku);
      if (known !== undefined) return known;
      if (this.skus.size < MAX_INTERNED_SKUS) this.skus.set(sku, sku);
      return sku;
    });
  }

  /** The current suggestions, as `cart:review` answers them. */
  suggest(context: ReminderContext): Reminder[] {
    return rankReminders(
      {
        profile: context.profile,
        cartSkus: context.cartSkus,
        dismissed: context.dismissed,
        items: context.items,
        now: context.now ?? Date.now(),
        population: this.population.current,
      },
      { limit: this.config.reminders.limit },
    );
  }

  /**
   * Whether to push after a cart change, and what: the list must have changed since the last
   * push, the cart must hold enough items, and no sku is pushed twice for one cart.
   */
  decidePush(
    suggested: readonly Reminder[],
    previous: ReadonlyArray<{ sku: string }>,
    alreadyPushed: ReadonlySet<string>,
    cartItemCount: number,
  ): PushDecision {
    return decidePush(
      { previous, next: suggested, cartSize: cartItemCount, alreadyPushed },
      { minCartItems: this.config.reminders.minCartItems },
    );
  }

  /** False when the cart is too small for any push: the live path then skips ranking altogether. */
  mayPush(cartItemCount: number): boolean {
    return cartItemCount >= this.config.reminders.minCartItems;
  }

  dismissUntil(now = Date.now()): number {
    return now + this.config.reminders.dismissMs;
  }
}
