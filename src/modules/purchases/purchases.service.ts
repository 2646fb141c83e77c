import { Injectable } from '@nestjs/common';
import { AppError } from '../../common/errors/app-error.js';
import { AppConfig } from '../../config/app-config.js';
import { IdentityService } from '../identity/identity.service.js';
import { checkoutOrderId, shopperOrderId } from './domain/checkout-order-id.js';
import type { Checked, PseudonymousOrder, PurchaseClock, PurchaseInput } from './domain/order.js';
import { checkOrder, checkPurchase, wallClock } from './domain/order.js';
import { compileOrderSchema } from './domain/purchase-schema.js';
import { DomainEvents } from '../../infra/events/domain-events.js';
import { OrdersRecordedEvent, toRecorded } from './orders-recorded.event.js';
import { type PurchaseRecord, PurchasesRepository, type PurgeResult } from './purchases.repository.js';

/** The answer to one recorded order; a conflict is an AppError (409), never a status. */
export type RecordStatus = 'created' | 'duplicate';

/** An item of a cart turned into an order. */
export interface CheckoutItem {
  sku: string;
  quantity: number;
  unitPriceCents?: number | null;
}

/**
 * Purchases one at a time: `POST /v1/purchases` and the cart checkout. Same rules as the bulk
 * import (PurchaseImportService): an order is stored whole or not at all, a re-sent order is a
 * duplicate (filling in missing prices), anything else under its orderId a conflict.
 */
@Injectable()
export class PurchasesService {
  private readonly orderShape = compileOrderSchema();
  private readonly clock: PurchaseClock;

  constructor(
    config: AppConfig,
    private readonly identity: IdentityService,
    private readonly repository: PurchasesRepository,
    private readonly events: DomainEvents,
  ) {
    this.clock = wallClock(config.purchases.maxFutureSkewSeconds, config.privacy.purchaseRetentionMs);
  }

  /** Records a purchase whose shape the DTO has checked; the raw customer id stops here. */
  async record(input: PurchaseInput): Promise<RecordStatus> {
    const order = valid(checkPurchase(input, this.clock));
    const { customerId, ...facts } = order;
    const pseudonym = await this.identity.resolve(customerId);
    return this.store({ ...facts, pseudonym });
  }

  /**
   * The cart checkout of a shopper (already pseudonymized): an online order bought now, with the
   * same idempotency as `POST /v1/purchases`, under the checkouts' own order ids
   * (`checkoutOrderId`). Throws CONFLICT when the shopper used the orderId for another cart.
   */
  async recordOnlineCheckout(pseudonym: string, orderId: string, items: CheckoutItem[]): Promise<RecordStatus> {
    // A copy: checking sorts the items in place, and these are the caller's (the cart's).
    const copy = items.map((i) => ({ sku: i.sku, quantity: i.quantity, unitPriceCents: i.unitPriceCents ?? null }));
    const input = { orderId, purchasedAt: new Date().toISOString(), channel: 'online', items: copy };
    const shaped = this.orderShape(input);
    if (!shaped.ok) throw AppError.validation([{ field: shaped.issue.path, message: shaped.issue.message }]);
    const facts = valid(checkOrder(shaped.value, this.clock));
    return this.store({ ...facts, orderId: checkoutOrderId(pseudonym, facts.orderId), pseudonym }, orderId);
  }

  /** A shopper's orders with their items, newest first (all of them without `limit`), as the shopper knows them. */
  async listForShopper(pseudonym: string, limit?: number): Promise<PurchaseRecord[]> {
    const records = await this.repository.listForShopper(pseudonym, limit);
    for (const record of records) record.orderId = shopperOrderId(pseudonym, record.orderId);
    return records;
  }

  /** Erasure: every order and line of the shopper. */
  eraseShopper(pseudonym: string): Promise<{ orders: number; lines: number }> {
    return this.repository.eraseShopper(pseudonym);
  }

  /** Retention: removes purchases before `cutoff`, dropping whole months where it can. */
  purgeOlderThan(cutoff: Date): Promise<PurgeResult> {
    return this.repository.purgeBefore(cutoff);
  }

  /** `shownId`: the order id the caller knows (a checkout's is stored under another). */
  private async store(order: PseudonymousOrder, shownId = order.orderId): Promise<RecordStatus> {
    const outcome = await this.repository.record(order);
    if (outcome === 'conflict') throw AppError.conflict(`Order ${shownId} is already recorded with another customer or other items`);
    if (outcome === 'created') await this.events.publish(new OrdersRecordedEvent([toRecorded(order)]));
    return outcome;
  }
}

function valid<T>(checked: Checked<T>): T {
  if (!checked.ok) throw AppError.validation([{ field: checked.issue.field, message: checked.issue.message }]);
  return checked.value;
}
