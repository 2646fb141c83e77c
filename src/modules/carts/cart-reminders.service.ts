import { Injectable } from '@nestjs/common';
import { ConsentService } from '../consent/consent.service.js';
import { Purpose } from '../consent/domain/consent.js';
import type { StoredProfile } from '../profiles/profile.store.js';
import { ProfilesService } from '../profiles/profiles.service.js';
import type { Reminder } from '../reminders/domain/reminder-ranker.js';
import { indexOfSku } from '../reminders/domain/scoring-profile.js';
import { RemindersService } from '../reminders/reminders.service.js';
import type { CartSession } from './cart-session.js';
import type { CartEventResult } from './cart.store.js';
import { ProductInfoCache } from './product-info.cache.js';

/** What reminders read of a cart: its skus, its items counting quantities, and its version. */
export interface CartContents {
  readonly skus: readonly string[];
  readonly itemCount: number;
  readonly version: number;
}

/** What a cart change pushes as `reminders`: the list, and the skus to remember as pushed. */
export interface ReminderPush {
  reminders: Reminder[];
  /** Skus newly pushed, to record so that they are not pushed again for this cart. */
  pushed: string[];
}

/**
 * Forgotten-item reminders on the live cart: the device's habit profile (kept packed in its
 * session, reloaded when its stamp in Redis moves), the personalization consent read with the
 * cart, and the push policy. No I/O on the usual path: the cart script brought everything.
 */
@Injectable()
export class CartReminders {
  constructor(
    private readonly consent: ConsentService,
    private readonly profiles: ProfilesService,
    private readonly reminders: RemindersService,
    private readonly products: ProductInfoCache,
  ) {}

  /**
   * What a cart change pushes, if anything; `previous` is what this device last showed, and
   * `changedSku` the sku this event added or removed (none for a clear, or when the event changed
   * nothing). Synchronous when the consent came with the cart script and the profile is current
   * (the usual case); otherwise returns the promise to await.
   */
  forChange(
    session: CartSession,
    result: CartEventResult,
    cart: CartContents,
    previous: Reminder[],
    changedSku: string | undefined,
  ): ReminderPush | undefined | Promise<ReminderPush | undefined> {
    const granted = this.grantedByScript(result);
    if (granted === undefined || !this.profileCurrent(session, result))
      return this.forChangeSlowly(session, result, cart, previous, changedSku);
    return this.decide(session, result, cart, previous, granted, changedSku);
  }

  /** `cart:review`: the current suggestions, whatever the push thresholds; [] without consent. */
  async review(session: CartSession, result: CartEventResult, cart: CartContents): Promise<Reminder[]> {
    if (!(await this.personalizationGranted(session, result))) return [];
    if (!this.profileCurrent(session, result)) await this.reload(session);
    return this.suggest(session, result, cart);
  }

  /**
   * Whether the sku is an item of the shopper's habit profile, the only skus reminders are made
   * of: the session's profile first, then the current one when `currentStamp` says it moved.
   */
  async mayBeReminded(session: CartSession, sku: string, currentStamp: () => Promise<string>): Promise<boolean> {
    if (session.profile && indexOfSku(session.profile.scoring, sku) >= 0) return true;
    if (session.profile && session.profile.stamp === (await currentStamp())) return false;
    await this.reload(session);
    return session.profile !== undefined && indexOfSku(session.profile.scoring, sku) >= 0;
  }

  /** Reads the shopper's profile into the session, with the names of its products. */
  async reload(session: CartSession): Promise<void> {
    const kept = this.keep(session, await this.profiles.load(session.shopper.pseudonym));
    await this.products.prefetch(kept.scoring.skus);
  }

  /** What a session keeps of a profile: the packed form only (the decoded one is garbage at once). */
  keep(session: CartSession, stored: StoredProfile): NonNullable<CartSession['profile']> {
    session.profile = { scoring: this.reminders.pack(stored.profile), stamp: stored.stamp };
    return session.profile;
  }

  private async forChangeSlowly(
    session: CartSession,
    result: CartEventResult,
    cart: CartContents,
    previous: Reminder[],
    changedSku: string | undefined,
  ): Promise<ReminderPush | undefined> {
    const granted = await this.personalizationGranted(session, result);
    if (granted && !this.profileCurrent(session, result)) await this.reload(session);
    return this.decide(session, result, cart, previous, granted, changedSku);
  }

  private decide(
    session: CartSession,
    result: CartEventResult,
    cart: CartContents,
    previous: Reminder[],
    granted: boolean,
    changedSku: string | undefined,
  ): ReminderPush | undefined {
    if (!granted) {
      // A withdrawal takes effect at once: clear what this device last showed, suggest nothing.
      session.lastPushed = [];
      return previous.length > 0 ? { reminders: [], pushed: [] } : undefined;
    }
    const items = cart.itemCount;
    if (!this.reminders.mayPush(items)) return undefined;
    const suggested = this.suggest(session, result, cart, changedSku);
    // The remembered ranking this device shows already: nothing to decide.
    if (suggested === previous) return undefined;
    const decision = this.reminders.decidePush(suggested, previous, result.reminded, items);
    if (!decision.push) {
      // The same skus in another ranking: kept as the one shown, so that the next event finds it so.
      if (decision.reason === 'unchanged') session.lastPushed = suggested;
      return undefined;
    }
    session.lastPushed = suggested;
    return { reminders: [...decision.reminders], pushed: decision.reminders.map((r) => r.sku) };
  }

  /** The session's profile is the one Redis holds (its stamp did not move since it was read). */
  private profileCurrent(session: CartSession, result: CartEventResult): boolean {
    return session.profile !== undefined && session.profile.stamp === result.profileStamp;
  }

  /** The current suggestions; the session's profile must be current (or at least loaded). */
  private suggest(session: CartSession, result: CartEventResult, cart: CartContents, changedSku?: string): Reminder[] {
    if (!session.profile) return [];
    const profile = session.profile.scoring;
    const skus = cart.skus;
    const now = Date.now();
    const inputs = {
      profile,
      cartSkus: skus,
      cartVersion: cart.version,
      changedSku,
      dismissed: result.dismissed,
      now,
      itemsVersion: this.products.version,
    };
    return session.suggestions.get(inputs, () =>
      this.reminders.suggest({
        profile,
        cartSkus: skus,
        cartItemCount: cart.itemCount,
        dismissed: result.dismissed,
        items: this.products.ranking,
        now,
      }),
    );
  }

  /** Personalization, from the consent the cart script read with the cart; undefined on a cache miss. */
  private grantedByScript(result: CartEventResult): boolean | undefined {
    return result.consent ? this.consent.granted(result.consent, Purpose.Personalization) : undefined;
  }

  private async personalizationGranted(session: CartSession, result: CartEventResult): Promise<boolean> {
    return (
      this.grantedByScript(result) ?? this.consent.granted(await this.consent.load(session.shopper.pseudonym), Purpose.Personalization)
    );
  }
}
