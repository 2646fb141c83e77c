import { Injectable } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import { MetricsService } from '../../infra/metrics/metrics.service.js';

/** Campaign metrics on the one /metrics registry. */
@Injectable()
export class OffersMetrics {
  readonly decisions: Counter<'trigger' | 'outcome'>;
  readonly chunkSeconds: Histogram;
  readonly cartCheckSeconds: Histogram;
  readonly conversions: Counter;
  readonly deferrals: Counter<'reason'>;

  constructor(metrics: MetricsService) {
    const registers = [metrics.registry];
    this.decisions = new Counter({
      name: 'panier_campaign_decisions_total',
      help: 'Delivery decisions, by trigger and outcome',
      labelNames: ['trigger', 'outcome'],
      registers,
    });
    this.chunkSeconds = new Histogram({
      name: 'panier_campaign_chunk_duration_seconds',
      help: 'Time to read, decide, store and publish one fan-out chunk',
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.cartCheckSeconds = new Histogram({
      name: 'panier_campaign_cart_check_duration_seconds',
      help: 'Time spent on cart-triggered offers per cart change',
      buckets: [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05],
      registers,
    });
    this.conversions = new Counter({
      name: 'panier_campaign_conversions_total',
      help: 'Audience members whose first conversion was recorded',
      registers,
    });
    this.deferrals = new Counter({
      name: 'panier_campaign_chunk_deferrals_total',
      help: 'Fan-out chunks put off, by reason',
      labelNames: ['reason'],
      registers,
    });
  }

  countDecisions(trigger: 'broadcast' | 'cart', outcomes: Iterable<string>): void {
    const tally = new Map<string, number>();
    for (const o of outcomes) tally.set(o, (tally.get(o) ?? 0) + 1);
    for (const [outcome, n] of tally) this.decisions.inc({ trigger, outcome }, n);
  }
}
