import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { MetricsService } from '../../infra/metrics/metrics.service.js';

/** What the shopper channel sends, on the one /metrics registry. */
@Injectable()
export class ShopperChannelMetrics {
  readonly relayedOffers: Counter;

  constructor(metrics: MetricsService) {
    this.relayedOffers = new Counter({
      name: 'panier_campaign_offers_relayed_total',
      help: 'Broadcast offer events sent to shoppers connected to this instance',
      registers: [metrics.registry],
    });
  }
}
