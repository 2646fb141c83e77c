import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram } from 'prom-client';
import { MetricsService } from '../../infra/metrics/metrics.service.js';

/** Push metrics on the one /metrics registry. */
@Injectable()
export class PushMetrics {
  /** One per device tried: provider (apns, fcm, webpush, gateway) and result (sent, dead, retry, unauthorized, rejected, unsupported). */
  readonly attempts: Counter<'provider' | 'result'>;
  /** The alert: a provider refused Panier's own credentials (APNs InvalidProviderToken, 401/403). */
  readonly authFailures: Counter<'provider'>;
  /** 1 while a provider's sends wait after it refused Panier's credentials. */
  readonly providerHalted: Gauge<'provider'>;
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
    this.authFailures = new Counter({
      name: 'panier_push_provider_auth_failures_total',
      help: "Times a push provider refused Panier's own credentials (alert on any increase)",
      labelNames: ['provider'],
      registers,
    });
    this.providerHalted = new Gauge({
      name: 'panier_push_provider_halted',
      help: "1 while a push provider's sends wait because it refused Panier's credentials",
      labelNames: ['provider'],
      registers,
    });
    this.deadTokens = new Counter({
      name: 'panier_push_dead_tokens_total',
      help: 'Devices deleted because their push service said the token is gone (410 Unregistered, BadDeviceToken, UNREGISTERED…)',
      registers,
    });
  }
}
