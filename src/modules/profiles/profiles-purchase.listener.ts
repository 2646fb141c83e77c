import { Injectable, type OnModuleInit } from '@nestjs/common';
import { PurchaseEvents, type PurchaseRecordedListener, type RecordedOrder } from '../purchases/purchase-events.js';
import { ProfilesService } from './profiles.service.js';

/** Keeps habit profiles current as orders are stored (REST, bulk import, cart checkout). */
@Injectable()
export class ProfilesPurchaseListener implements PurchaseRecordedListener, OnModuleInit {
  constructor(
    private readonly events: PurchaseEvents,
    private readonly profiles: ProfilesService,
  ) {}

  onModuleInit(): void {
    this.events.register(this);
  }

  async onOrdersRecorded(orders: RecordedOrder[]): Promise<void> {
    await this.profiles.addOrders(orders.map((o) => ({ pseudonym: o.pseudonym, purchasedAt: o.purchasedAt, skus: o.skus })));
  }
}
