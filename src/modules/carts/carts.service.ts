import { Injectable, Logger } from '@nestjs/common';
import { AppError } from '../../common/errors/app-error.js';
import { ConsentService } from '../consent/consent.service.js';
import { CartOffersService } from '../offers/cart-offers.service.js';
import { OffersService } from '../offers/offers.service.js';
import { Purpose } from '../consent/domain/consent.js';
import type { StoredProfile } from '../profiles/profile.store.js';
import { ProfilesService } from '../profiles/profiles.service.js';
import type { Reminder } from '../reminders/domain/reminder-ranker.js';
import { RemindersService } from '../reminders/reminders.service.js';
import { PurchasesService } from '../purchases/purchases.service.js';
import type { CartSession } from './cart-session.js';
import { type CartEventResult, type CartOp, CartStore } from './cart.store.js';
import { ShopperPresence } from '../shopper-channel/shopper-presence.service.js';
import { ShopperPublisher, type Reach, reachOf } from '../shopper-channel/shopper-publisher.service.js';
import { type Cart, cartItemCount, cartSkus, parseStoredCart } from './domain/cart.js';
import { ProductInfoCache } from './product-info.cache.js';

/**
 * The live cart. Each event costs one Redis round trip (the cart script, which also reads
 * consent, dismissals, already-pushed skus and the profile stamp) plus in-memory scoring; PostgreSQL
 * is touched only on a consent cache miss, at connect and at checkout.
 */
@Injectable()
export class CartsService {
  private readonly logger = new Logger(CartsService.name);

  constructor(
    private readonly store: CartStore,
    private readonly publisher: ShopperPublisher,
    private readonly consent: ConsentService,
    private readonly profiles: ProfilesService,
    private readonly reminders: RemindersService,
    private readonly products: ProductInfoCache,
    private readonly purchases: PurchasesService,
    private readonly cartOffers: CartOffersService,
    private readonly offers: OffersService,
    private readonly presence: ShopperPresence,
  ) {}

  /**
   * Registers the device (ShopperPresence), loads what the session keeps (profile, product names)
   * and returns the cart for `cart:state`. The socket must already be in the shopper's room.
   */
  async connect(session: CartSession, socketId: string): Promise<Cart> {
    const pseudonym = session.shopper.pseudonym;
    // Sent before the cart script on the same connection, so Redis applies it first (see ShopperPresence).
    const registered = this.presence.register(pseudonym, socketId, session.shopper.expiresAt);
    const [, result, profile] = await Promise.all([registered, this.store.apply(pseudonym, { op: 'get' }), this.profiles.load(pseudonym)]);
    // Warm the consent cache now, so that the first cart event does not read PostgreSQL.
    if (!result.consent) await this.consent.load(pseudonym);
    session.profile = this.packed(profile);
    // Waits for reads already in flight too, so that every sku of the cart is named if known.
    await this.products.prefetch([...session.profile.scoring.skus, ...cartSkus(parseStoredCart(result.cartJson))]);
    return this.cartOf(result);
  }

  /** The device is gone: other instances stop publishing to this one for it. */
  async disconnect(session: CartSession, socketId: string): Promise<void> {
    await this.presence.unregister(session.shopper.pseudonym, socketId);
  }

  /** `cart:add`, `cart:remove`, `cart:clear`: every device gets `cart:state`; reminders may follow. */
  async change(session: CartSession, op: Exclude<CartOp, { op: 'get' }>): Promise<Cart> {
    const pseudonym = session.shopper.pseudonym;
    const result = await this.store.apply(pseudonym, op);
    if (result.status === 'quantity_limit') throw AppError.validation([{ field: 'quantity', message: 'more than the most allowed on one line' }]);
    if (result.status === 'line_limit') throw AppError.validation([{ field: 'sku', message: 'the cart holds the most lines allowed' }]);
    // Never waits on PostgreSQL (one Redis round trip per cart event). A sku this instance
    // has not read yet (the catalog is loaded at start-up and follows catalog changes, so rarely)
    // is answered without its name (`name?` in the contract) and read for the next event.
    if (op.op === 'add' && !this.products.get(op.sku)) void this.products.prefetch([op.sku]);
    const cart = this.cartOf(result);
    const reach = reachOf(result.remoteDevices);
    const before = session.lastPushed;
    if (op.op === 'clear') session.lastPushed = [];
    this.publisher.cartState(pseudonym, cart, reach);
    // Cart-triggered offers do not hold up the acknowledgement; they never throw.
    if (op.op === 'add') this.offerFor(pseudonym, cart, reach);
    const pushed = this.pushReminders(session, result, cart, before, reach);
    if (pushed) await pushed;
    return cart;
  }

  /** `cart:review`: the current suggestions, whatever the push thresholds; [] without consent. */
  async review(session: CartSession): Promise<Reminder[]> {
    const result = await this.store.apply(session.shopper.pseudonym, { op: 'get' });
    if (!(await this.personalizationGranted(session, result))) return [];
    if (!this.profileCurrent(session, result)) await this.reloadProfile(session);
    return this.suggest(session, result, this.cartOf(result));
  }

  /** `cart:checkout`: the cart becomes an online purchase (idempotent on orderId), then empties. */
  async checkout(session: CartSession, orderId: string): Promise<string> {
    const pseudonym = session.shopper.pseudonym;
    const current = parseStoredCart((await this.store.apply(pseudonym, { op: 'get' })).cartJson);
    if (current.items.length === 0) {
      // A retry of the checkout that just emptied this cart (its ack was lost): same answer.
      if ((await this.store.lastCheckout(pseudonym)) === orderId) return orderId;
      throw AppError.conflict('The cart is empty');
    }
    // Same path as ingested purchases: a retried checkout is a duplicate, another cart under the
    // same orderId a 409. The profile is updated by the purchase listener before this returns.
    await this.purchases.recordOnlineCheckout(pseudonym, orderId, current.items.map((l) => ({ sku: l.sku, quantity: l.quantity })));
    const cleared = await this.store.apply(pseudonym, { op: 'clear' });
    await this.store.rememberCheckout(pseudonym, orderId);
    session.lastPushed = [];
    await this.reloadProfile(session);
    this.publisher.cartState(pseudonym, this.cartOf(cleared), reachOf(cleared.remoteDevices));
    return orderId;
  }

  async markOffer(session: CartSession, deliveryId: string, what: 'seen' | 'dismissed'): Promise<void> {
    const pseudonym = session.shopper.pseudonym;
    await (what === 'seen' ? this.offers.markSeen(pseudonym, deliveryId) : this.offers.dismiss(pseudonym, deliveryId));
  }

  /** Off the ack path; never throws (prefetch and onCartChanged log their own failures). */
  private offerFor(pseudonym: string, cart: Cart, reach: Reach): void {
    if (!this.cartOffers.anyLive) return;
    const skus = cartSkus(cart);
    // Categories of a sku just added may still be on their way from PostgreSQL.
    if (this.products.hasAll(skus)) this.checkOffers(pseudonym, skus, reach);
    else void this.products.prefetch(skus).then(() => this.checkOffers(pseudonym, skus, reach));
  }

  private checkOffers(pseudonym: string, skus: string[], reach: Reach): void {
    const categories = new Set<string>();
    for (const sku of skus) {
      const category = this.products.get(sku)?.category;
      if (category) categories.add(category);
    }
    void this.cartOffers.onCartChanged(pseudonym, { skus, categories: [...categories] }, (offered) => this.allActive(offered)).then((offers) => {
      for (const offer of offers) this.publisher.offer(pseudonym, offer, reach);
    });
  }

  /**
   * Whether every offered product is known to be active (public contract: an inactive product is never
   * offered). Off the acknowledgement's path: products not known yet are read first.
   */
  private async allActive(skus: readonly string[]): Promise<boolean> {
    if (!this.products.hasAll(skus)) await this.products.prefetch(skus);
    return skus.every((sku) => this.products.offerable(sku));
  }

  /** The cart and live dismissals as stored, for data access requests (no TTL refresh). */
  async snapshot(pseudonym: string): Promise<{ cart: Cart; dismissed: Array<{ sku: string; until: Date }> }> {
    const stored = await this.store.snapshot(pseudonym);
    const now = Date.now();
    return {
      cart: parseStoredCart(stored.cartJson),
      dismissed: [...stored.dismissed].filter(([, until]) => until > now).map(([sku, until]) => ({ sku, until: new Date(until) })),
    };
  }

  /**
   * Erasure: every device of the shopper is disconnected (on every instance, through the Redis
   * adapter) and the live cart, dismissals and checkout memory go. Returns whether a cart existed.
   */
  async forget(pseudonym: string): Promise<boolean> {
    this.publisher.disconnect(pseudonym);
    return this.store.forget(pseudonym);
  }

  async dismiss(session: CartSession, sku: string): Promise<void> {
    await this.store.dismiss(session.shopper.pseudonym, sku, this.reminders.dismissUntil());
    session.lastPushed = session.lastPushed.filter((r) => r.sku !== sku);
  }

  /**
   * Pushes reminders when the policy says so. Synchronous when the consent came with the cart
   * script and the profile is current (the usual case); otherwise returns the promise to await.
   */
  private pushReminders(session: CartSession, result: CartEventResult, cart: Cart, previous: Reminder[], reach: Reach): Promise<void> | undefined {
    const granted = this.grantedByScript(result);
    if (granted === undefined || !this.profileCurrent(session, result)) return this.pushRemindersSlowly(session, result, cart, previous, reach);
    this.pushDecided(session, result, cart, previous, reach, granted);
    return undefined;
  }

  private async pushRemindersSlowly(session: CartSession, result: CartEventResult, cart: Cart, previous: Reminder[], reach: Reach): Promise<void> {
    const granted = await this.personalizationGranted(session, result);
    if (granted && !this.profileCurrent(session, result)) await this.reloadProfile(session);
    this.pushDecided(session, result, cart, previous, reach, granted);
  }

  private pushDecided(session: CartSession, result: CartEventResult, cart: Cart, previous: Reminder[], reach: Reach, granted: boolean): void {
    const pseudonym = session.shopper.pseudonym;
    if (!granted) {
      // A withdrawal takes effect at once: clear what this device last showed, suggest nothing.
      if (previous.length > 0) this.publisher.reminders(pseudonym, [], cart.version, reach);
      session.lastPushed = [];
      return;
    }
    const items = cartItemCount(cart);
    if (!this.reminders.mayPush(items)) return;
    const suggested = this.suggest(session, result, cart);
    const push = this.reminders.toPush(suggested, previous, result.reminded, items);
    if (push.length === 0) return;
    session.lastPushed = suggested;
    this.publisher.reminders(pseudonym, push, cart.version, reach);
    // Not awaited before the ack: commands on one connection apply in order, so the next event's
    // script already sees these skus.
    this.store.markReminded(pseudonym, push.map((r) => r.sku)).catch((error: unknown) => this.logger.warn({ err: error }, 'could not record pushed reminders'));
  }

  /** The session's profile is the one Redis holds (its stamp did not move since it was read). */
  private profileCurrent(session: CartSession, result: CartEventResult): boolean {
    return session.profile !== undefined && session.profile.stamp === result.profileStamp;
  }

  private async reloadProfile(session: CartSession): Promise<void> {
    session.profile = this.packed(await this.profiles.load(session.shopper.pseudonym));
    await this.products.prefetch(session.profile.scoring.skus);
  }

  /** What a session keeps of a profile: the packed form only (the decoded one is garbage at once). */
  private packed(stored: StoredProfile): NonNullable<CartSession['profile']> {
    return { scoring: this.reminders.pack(stored.profile), stamp: stored.stamp };
  }

  /** The current suggestions; the session's profile must be current (or at least loaded). */
  private suggest(session: CartSession, result: CartEventResult, cart: Cart): Reminder[] {
    if (!session.profile) return [];
    const profile = session.profile.scoring;
    const skus = cartSkus(cart);
    const now = Date.now();
    return session.suggestions.get({ profile, cartSkus: skus, dismissed: result.dismissed, now, itemsVersion: this.products.version }, () =>
      this.reminders.suggest({ profile, cartSkus: skus, cartItemCount: cartItemCount(cart), dismissed: result.dismissed, items: this.products.ranking, now }),
    );
  }

  /** Checked on every event; a cache miss reads PostgreSQL, never the default. */
  /** Personalization, from the consent the cart script read with the cart; undefined on a cache miss. */
  private grantedByScript(result: CartEventResult): boolean | undefined {
    return result.consent ? this.consent.granted(result.consent, Purpose.Personalization) : undefined;
  }

  private async personalizationGranted(session: CartSession, result: CartEventResult): Promise<boolean> {
    return this.grantedByScript(result) ?? this.consent.granted(await this.consent.load(session.shopper.pseudonym), Purpose.Personalization);
  }

  private cartOf(result: CartEventResult): Cart {
    return parseStoredCart(result.cartJson, (sku) => this.products.name(sku));
  }
}
