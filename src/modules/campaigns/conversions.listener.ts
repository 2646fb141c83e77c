import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DeliveryMetrics } from '../delivery/delivery-metrics.js';
import { ConversionsRepository } from './conversions.repository.js';
import { PurchaseEvents, type PurchaseRecordedListener, type RecordedOrder } from '../purchases/purchase-events.js';

/**
 * Campaign conversions from every new order (REST, bulk import, cart checkout): an audience
 * member who bought an offered sku within validDays of launch converted, treated or held out
 * alike (intention to treat). One set-based UPDATE per batch of orders; the earliest purchase wins.
 */
@Injectable()
export class CampaignConversionsListener implements PurchaseRecordedListener, OnModuleInit {
  constructor(
    private readonly events: PurchaseEvents,
    private readonly conversions: ConversionsRepository,
    private readonly metrics: DeliveryMetrics,
  ) {}

  onModuleInit(): void {
    this.events.register(this);
  }

  async onOrdersRecorded(orders: RecordedOrder[]): Promise<void> {
    const converted = await this.conversions.record(orders);
    if (converted > 0) this.metrics.conversions.inc(converted);
  }
}
