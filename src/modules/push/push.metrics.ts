import { Injectable } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import { MetricsService } from '../../infra/metrics/metrics.service.js';

/** Push metrics on the one /metrics registry. */
@Injectable()
export class PushMetrics {
  /** One per device tried: provider (web, gateway) and result (sent, dead, retry, rejected, unsupported). */
  readonly attempts: Counter<'provider' | 'result'>;
  /** One per delivery, at its final push status. */
  readonly outcomes: Counter<'status'>;
  readonly requestSeconds: Histogram<'provider'>;
  readonly deadTokens: Counter;

  constructor(metrics: MetricsService) {
    const registers = [metrics.registry];
    this.attempts = new Counter({
      name: 'panier_push_attempts_total',
      help: 'Push requests to a provider, one per device, by provider and result',
      labelNames: ['provider', 'result'],
      registers,
    });
    this.outcomes = new Counter({
      name: 'panier_push_deliveries_total',
      help: 'Push sends of deliveries by final status (sent, no_device, no_consent, failed, unavailable, expired)',
      labelNames: ['status'],
      registers,
    });
    this.requestSeconds = new Histogram({
      name: 'panier_push_request_duration_seconds',
      help: 'Time of one request to a push provider',
      labelNames: ['provider'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.deadTokens = new Counter({
      name: 'panier_push_dead_tokens_total',
      help: 'Devices deleted because their push service said the token is gone (404/410)',
      registers,
    });
  }
}
