import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { OffersMetrics } from '../offers/offers.metrics.js';
import { OrdersRecordedEvent } from '../purchases/orders-recorded.event.js';
import { ConversionsRepository } from './campaign-conversions.repository.js';

/**
 * Campaign conversions from every new order (REST, bulk import, cart checkout): an audience
 * member who bought an offered sku within validDays of launch converted, treated or held out
 * alike (intention to treat). One set-based UPDATE per batch of orders; the earliest purchase wins.
 */
@Injectable()
export class CampaignConversionsListener {
  constructor(
    private readonly conversions: ConversionsRepository,
    private readonly metrics: OffersMetrics,
  ) {}

  @OnEvent(OrdersRecordedEvent.key)
  async onOrdersRecorded({ orders }: OrdersRecordedEvent): Promise<void> {
    const converted = await this.conversions.record(orders);
    if (converted > 0) this.metrics.conversions.inc(converted);
  }
}
