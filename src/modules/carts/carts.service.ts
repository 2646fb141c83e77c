import { Injectable, Logger } from '@nestjs/common';
import { AppError } from '../../common/errors/app-error.js';
import { ConsentService } from '../consent/consent.service.js';
import { CartOffersService } from '../delivery/cart-offers.service.js';
import { OffersService } from '../delivery/offers.service.js';
import { Purpose } from '../consent/domain/consent.js';
import { ProfilesService } from '../profiles/profiles.service.js';
import type { Reminder } from '../reminders/domain/reminder-ranker.js';
import { RemindersService } from '../reminders/reminders.service.js';
import { PurchasesService } from '../purchases/purchases.service.js';
import type { CartSession } from './cart-session.js';
import { type CartEventResult, type CartOp, CartStore } from './cart-store.js';
import { CartsPublisher } from './carts.publisher.js';
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
    private readonly publisher: CartsPublisher,
    private readonly consent: ConsentService,
    private readonly profiles: ProfilesService,
    private readonly reminders: RemindersService,
    private readonly products: ProductInfoCache,
    private readonly purchases: PurchasesService,
    private readonly cartOffers: CartOffersService,
    private readonly offers: OffersService,
  ) {}

  /** Loads what the session keeps (profile, product names) and returns the cart for `cart:state`. */
  async connect(session: CartSession): Promise<Cart> {
    const pseudonym = session.shopper.pseudonym;
    const [result, profile] = await Promise.all([this.store.apply(pseudonym, { op: 'get' }), this.profiles.load(pseudonym)]);
    // Warm the consent cache now, so that the first cart event does not read PostgreSQL.
    if (!result.consent) await this.consent.load(pseudonym);
    session.profile = profile;
    await this.products.prefetch([...profile.profile.items.keys(), ...cartSkus(parseStoredCart(result.cartJson))]);
    return this.cartOf(result);
  }

  /** `cart:add`, `cart:remove`, `cart:clear`: every device gets `cart:state`; reminders may follow. */
  async change(session: CartSession, op: Exclude<CartOp, { op: 'get' }>): Promise<Cart> {
    const pseudonym = session.shopper.pseudonym;
    const result = await this.store.apply(pseudonym, op);
    if (result.status === 'quantity_limit') throw AppError.validation([{ field: 'quantity', message: 'more than the most allowed on one line' }]);
    if (result.status === 'line_limit') throw AppError.validation([{ field: 'sku', message: 'the cart holds the most lines allowed' }]);
    if (op.op === 'add') void this.products.prefetch([op.sku]);
    const cart = this.cartOf(result);
    const before = session.lastPushed;
    if (op.op === 'clear') session.lastPushed = [];
    this.publisher.cartState(pseudonym, cart);
    // Cart-triggered offers do not hold up the acknowledgement; they never throw.
    if (op.op === 'add') void this.offerFor(pseudonym, cart);
    await this.pushReminders(session, result, cart, before);
    return cart;
  }

  /** `cart:review`: the current suggestions, whatever the push thresholds; [] without consent. */
  async review(session: CartSession): Promise<Reminder[]> {
    const result = await this.store.apply(session.shopper.pseudonym, { op: 'get' });
    if (!(await this.personalizationGranted(session, result))) return [];
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
    session.profile = await this.profiles.load(pseudonym);
    this.publisher.cartState(pseudonym, this.cartOf(cleared));
    return orderId;
  }

  async markOffer(session: CartSession, deliveryId: string, what: 'seen' | 'dismissed'): Promise<void> {
    const pseudonym = session.shopper.pseudonym;
    await (what === 'seen' ? this.offers.markSeen(pseudonym, deliveryId) : this.offers.dismiss(pseudonym, deliveryId));
  }

  private async offerFor(pseudonym: string, cart: Cart): Promise<void> {
    const skus = cartSkus(cart);
    await this.products.prefetch(skus); // off the ack path: categories of a sku just added
    const categories = [...new Set(skus.flatMap((sku) => this.products.get(sku)?.category ?? []))];
    for (const offer of await this.cartOffers.onCartChanged(pseudonym, { skus, categories })) this.publisher.offer(pseudonym, offer);
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

  async dismiss(session: CartSession, sku: string): Promise<void> {
    await this.store.dismiss(session.shopper.pseudonym, sku, this.reminders.dismissUntil());
    session.lastPushed = session.lastPushed.filter((r) => r.sku !== sku);
  }

  private async pushReminders(session: CartSession, result: CartEventResult, cart: Cart, previous: Reminder[]): Promise<void> {
    const pseudonym = session.shopper.pseudonym;
    if (!(await this.personalizationGranted(session, result))) {
      // A withdrawal takes effect at once: clear what this device last showed, suggest nothing.
      if (previous.length > 0) this.publisher.reminders(pseudonym, [], cart.version);
      session.lastPushed = [];
      return;
    }
    const suggested = await this.suggest(session, result, cart);
    const push = this.reminders.toPush(suggested, previous, result.reminded, cartItemCount(cart));
    if (push.length === 0) return;
    session.lastPushed = suggested;
    this.publisher.reminders(pseudonym, push, cart.version);
    // Not awaited before the ack: commands on one connection apply in order, so the next event's
    // script already sees these skus.
    this.store.markReminded(pseudonym, push.map((r) => r.sku)).catch((error: unknown) => this.logger.warn({ err: error }, 'could not record pushed reminders'));
  }

  private async suggest(session: CartSession, result: CartEventResult, cart: Cart): Promise<Reminder[]> {
    const pseudonym = session.shopper.pseudonym;
    if (!session.profile || session.profile.stamp !== result.profileStamp) session.profile = await this.profiles.load(pseudonym);
    return this.reminders.suggest({
      profile: session.profile.profile,
      cartSkus: cartSkus(cart),
      cartItemCount: cartItemCount(cart),
      dismissed: result.dismissed,
      items: this.products,
    });
  }

  /** Checked on every event; a cache miss reads PostgreSQL, never the default. */
  private async personalizationGranted(session: CartSession, result: CartEventResult): Promise<boolean> {
    const choices = result.consent ?? (await this.consent.load(session.shopper.pseudonym));
    return this.consent.granted(choices, Purpose.Personalization);
  }

  private cartOf(result: CartEventResult): Cart {
    return parseStoredCart(result.cartJson, (sku) => this.products.name(sku));
  }
}
