import { Injectable, Logger } from '@nestjs/common';
import { AppError } from '../../common/errors/app-error.js';
import { RateLimitService } from '../auth/rate-limit.service.js';
import { ConsentService } from '../consent/consent.service.js';
import { CartOffersService } from '../offers/cart-offers.service.js';
import { OffersService } from '../offers/offers.service.js';
import { ProfilesService } from '../profiles/profiles.service.js';
import type { Reminder } from '../reminders/domain/reminder-ranker.js';
import { RemindersService } from '../reminders/reminders.service.js';
import { PurchasesService } from '../purchases/purchases.service.js';
import { ShopperPresence } from '../shopper-channel/shopper-presence.service.js';
import { EncodedCart, ShopperPublisher, type Reach, reachOf } from '../shopper-channel/shopper-publisher.service.js';
import { CartReminders, type ReminderPush } from './cart-reminders.service.js';
import type { CartSession } from './cart-session.js';
import { type CartEventResult, type CartOp, CartStore } from './cart.store.js';
import { type Cart, liveCartJson, liveCartPayload, parseStoredCart, readLiveCart } from './domain/cart.js';
import { ProductInfoCache } from './product-info.cache.js';

/**
 * The live cart. Each event costs one Redis round trip (the cart script, which also reads
 * consent, dismissals, already-pushed skus and the profile stamp) plus in-memory scoring; PostgreSQL
 * is touched only on a consent cache miss, at connect and at checkout.
 */
@Injectable()
export class CartsService {
  private readonly logger = new Logger(CartsService.name);
  private readonly lineHead = (sku: string): string => this.products.lineHead(sku);

  constructor(
    private readonly store: CartStore,
    private readonly publisher: ShopperPublisher,
    private readonly consent: ConsentService,
    private readonly profiles: ProfilesService,
    private readonly reminders: RemindersService,
    private readonly cartReminders: CartReminders,
    private readonly products: ProductInfoCache,
    private readonly purchases: PurchasesService,
    private readonly cartOffers: CartOffersService,
    private readonly offers: OffersService,
    private readonly presence: ShopperPresence,
    private readonly rateLimits: RateLimitService,
  ) {}

  /**
   * Registers the device (ShopperPresence), loads what the session keeps (profile, product names)
   * and returns the cart for `cart:state`. The socket must already be in the shopper's room.
   */
  async connect(session: CartSession, socketId: string): Promise<Cart> {
    const pseudonym = session.shopper.pseudonym;
    session.keys = this.store.keysOf(pseudonym);
    // Sent before the cart script on the same connection, so Redis applies it first (see ShopperPresence).
    const registered = this.presence.register(pseudonym, socketId, session.shopper.expiresAt);
    const [, result, profile] = await Promise.all([
      registered,
      this.store.apply(session.keys, { op: 'get' }),
      this.profiles.load(pseudonym),
    ]);
    // Warm the consent cache now, so that the first cart event does not read PostgreSQL.
    if (!result.consent) await this.consent.load(pseudonym);
    const kept = this.cartReminders.keep(session, profile);
    // Waits for reads already in flight too, so that every sku of the cart is named if known.
    const cart = readLiveCart(result.cartJson);
    await this.products.prefetch([...kept.scoring.skus, ...cart.skus]);
    return liveCartPayload(cart, (sku) => this.products.name(sku));
  }

  /** The device is gone: other instances stop publishing to this one for it. */
  async disconnect(session: CartSession, socketId: string): Promise<void> {
    await this.presence.unregister(session.shopper.pseudonym, socketId);
  }

  /**
   * `cart:add`, `cart:remove`, `cart:clear`: every device gets `cart:state`; reminders may follow.
   * Returns the cart encoded once, for `cart:state` and the acknowledgement alike.
   */
  async change(session: CartSession, op: Exclude<CartOp, { op: 'get' }>): Promise<EncodedCart> {
    const pseudonym = session.shopper.pseudonym;
    const result = await this.store.apply(session.keys, op);
    if (result.status === 'quantity_limit')
      throw AppError.validation([{ field: 'quantity', message: 'more than the most allowed on one line' }]);
    if (result.status === 'line_limit') throw AppError.validation([{ field: 'sku', message: 'the cart holds the most lines allowed' }]);
    // Never waits on PostgreSQL (one Redis round trip per cart event). A sku this instance
    // has not read yet (the catalog is loaded at start-up and follows catalog changes, so rarely)
    // is answered without its name (`name?` in the contract) and read for the next event.
    if (op.op === 'add' && !this.products.get(op.sku)) void this.products.prefetch([op.sku]);
    const cart = readLiveCart(result.cartJson);
    const reach = reachOf(result.remoteDevices);
    const before = session.lastPushed;
    if (op.op === 'clear') session.lastPushed = [];
    // The changed sku lets the ranking memo follow the cart from its last version; a remove of a
    // sku not in the cart changed nothing, and another device's change may lie between.
    const changedSku = result.changed && op.op !== 'clear' ? op.sku : undefined;
    const decided = this.cartReminders.forChange(session, result, cart, before, changedSku);
    const push = decided instanceof Promise ? await decided : decided;
    const encoded = new EncodedCart(liveCartJson(cart, this.lineHead), cart.version);
    this.publisher.cartChanged(pseudonym, encoded, push?.reminders, reach);
    if (push && push.pushed.length > 0) this.rememberPushed(session, push);
    // Cart-triggered offers do not hold up the acknowledgement; they never throw.
    if (op.op === 'add') this.offerFor(pseudonym, cart.skus, reach);
    return encoded;
  }

  /** `cart:review`: the current suggestions, whatever the push thresholds; [] without consent. */
  async review(session: CartSession): Promise<Reminder[]> {
    const result = await this.store.apply(session.keys, { op: 'get' });
    return this.cartReminders.review(session, result, readLiveCart(result.cartJson));
  }

  /** `cart:checkout`: the cart becomes an online purchase (idempotent on orderId), then empties. */
  async checkout(session: CartSession, orderId: string): Promise<string> {
    const pseudonym = session.shopper.pseudonym;
    // Each checkout writes an order: limited per shopper, whatever their devices and instances.
    await this.rateLimits.consume('checkout', pseudonym);
    const current = parseStoredCart((await this.store.apply(session.keys, { op: 'get' })).cartJson);
    if (current.items.length === 0) {
      // A retry of the checkout that just emptied this cart (its ack was lost): same answer.
      if ((await this.store.lastCheckout(pseudonym)) === orderId) return orderId;
      throw AppError.conflict('The cart is empty');
    }
    // Same path as ingested purchases: a retried checkout is a duplicate, another cart under the
    // same orderId a 409. The profile is updated by the purchase listener before this returns.
    await this.purchases.recordOnlineCheckout(
      pseudonym,
      orderId,
      current.items.map((l) => ({ sku: l.sku, quantity: l.quantity })),
    );
    const cleared = await this.store.apply(session.keys, { op: 'clear' });
    await this.store.rememberCheckout(pseudonym, orderId);
    session.lastPushed = [];
    await this.cartReminders.reload(session);
    this.publisher.cartState(pseudonym, this.cartOf(cleared), reachOf(cleared.remoteDevices));
    return orderId;
  }

  async markOffer(session: CartSession, deliveryId: string, what: 'seen' | 'dismissed'): Promise<void> {
    const pseudonym = session.shopper.pseudonym;
    await (what === 'seen' ? this.offers.markSeen(pseudonym, deliveryId) : this.offers.dismiss(pseudonym, deliveryId));
  }

  /**
   * Not awaited before the ack: commands on one connection apply in order, so the next event's
   * script already sees these skus.
   */
  private rememberPushed(session: CartSession, push: ReminderPush): void {
    this.store
      .markReminded(session.keys, push.pushed)
      .catch((error: unknown) => this.logger.warn({ err: error }, 'could not record pushed reminders'));
  }

  /** Off the ack path; never throws (prefetch and the offer check log their own failures). */
  private offerFor(pseudonym: string, skus: string[], reach: Reach): void {
    if (!this.cartOffers.anyLive) return;
    // Categories of a sku just added may still be on their way from PostgreSQL.
    if (this.products.hasAll(skus)) this.cartOffers.offerFor(pseudonym, this.contents(skus), reach, (offered) => this.allActive(offered));
    else
      void this.products
        .prefetch(skus)
        .then(() => this.cartOffers.offerFor(pseudonym, this.contents(skus), reach, (offered) => this.allActive(offered)));
  }

  /** The cart's skus with the categories known of them. */
  private contents(skus: string[]): { skus: string[]; categories: string[] } {
    const categories = new Set<string>();
    for (const sku of skus) {
      const category = this.products.get(sku)?.category;
      if (category) categories.add(category);
    }
    return { skus, categories: [...categories] };
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
    await this.publisher.disconnect(pseudonym);
    return this.store.forget(pseudonym);
  }

  /**
   * `reminder:dismiss`: only a sku that can be a reminder of this shopper, that is an item of their
   * habit profile (every reminder is one; at most 300 per profile), so that the dismissals the
   * cart script reads stay few. Checked in memory against the profile the session holds, on every
   * device alike whether the reminder came pushed or from `cart:review`; a sku missing from it is
   * looked for again in a fresher profile when the stamp in Redis moved (a purchase since).
   */
  async dismiss(session: CartSession, sku: string): Promise<void> {
    if (!(await this.cartReminders.mayBeReminded(session, sku, () => this.store.profileStamp(session.shopper.pseudonym))))
      throw AppError.validation([{ field: 'sku', message: 'sku is not among the reminders of this shopper' }]);
    await this.store.dismiss(session.shopper.pseudonym, sku, this.reminders.dismissUntil());
    session.lastPushed = session.lastPushed.filter((r) => r.sku !== sku);
  }

  private cartOf(result: CartEventResult): Cart {
    return liveCartPayload(readLiveCart(result.cartJson), (sku) => this.products.name(sku));
  }
}
