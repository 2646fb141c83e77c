import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import type { HabitProfile } from '../profiles/domain/habit-profile.js';
import { decidePush } from './domain/push-policy.js';
import { type ItemMetaLookup, type Reminder, rankReminders } from './domain/reminder-ranker.js';

/** What the live path knows when it asks for reminders. */
export interface ReminderContext {
  profile: HabitProfile;
  cartSkus: string[];
  cartItemCount: number;
  dismissed: ReadonlyMap<string, number>;
  items?: ItemMetaLookup;
  now?: number;
}

/** The reminder model with the service's configuration: ranking and when to speak. */
@Injectable()
export class RemindersService {
  constructor(private readonly config: AppConfig) {}

  /** The current suggestions, as `cart:review` answers them. */
  suggest(context: ReminderContext): Reminder[] {
    return rankReminders(
      { profile: context.profile, cartSkus: context.cartSkus, dismissed: context.dismissed, items: context.items, now: context.now ?? Date.now() },
      { limit: this.config.env.REMINDER_LIMIT },
    );
  }

  /**
   * What to push after a cart change, if anything: the list must have changed since the last
   * push, the cart must hold enough items, and no sku is pushed twice for one cart.
   */
  toPush(suggested: Reminder[], previous: ReadonlyArray<{ sku: string }>, alreadyPushed: ReadonlySet<string>, cartItemCount: number): Reminder[] {
    const decision = decidePush(
      { previous, next: suggested, cartSize: cartItemCount, alreadyPushed },
      { minCartItems: this.config.env.REMINDER_MIN_CART_ITEMS },
    );
    return decision.push ? [...decision.reminders] : [];
  }

  dismissUntil(now = Date.now()): number {
    return now + this.config.env.REMINDER_DISMISS_DAYS * 86_400_000;
  }
}
