import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { OrdersRecordedEvent } from '../purchases/orders-recorded.event.js';
import { ProfilesService } from './profiles.service.js';

/** Keeps habit profiles current as orders are stored (REST, bulk import, cart checkout). */
@Injectable()
export class ProfilesPurchaseListener {
  constructor(private readonly profiles: ProfilesService) {}

  @OnEvent(OrdersRecordedEvent.key)
  async onOrdersRecorded({ orders }: OrdersRecordedEvent): Promise<void> {
    await this.profiles.addOrders(orders.map((o) => ({ pseudonym: o.pseudonym, purchasedAt: o.purchasedAt, skus: o.skus })));
  }
}
