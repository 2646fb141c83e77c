import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { configuredProviders, DEFAULT_WEB_PUSH_HOSTS, PUSH_PROVIDER_NAMES, type PushProviderName } from '../devices/domain/device.js';
import { ApnsProvider } from './apns.provider.js';
import { FcmProvider } from './fcm.provider.js';
import { GatewayPushProvider } from './gateway-push.provider.js';
import { ProviderGate } from './provider-gate.js';
import type { ProviderReply } from './domain/push-outcome.js';
import type { PushMessage } from './domain/push-message.js';
import { PushMetrics } from './push.metrics.js';
import type { PushProvider, PushTarget } from './push-provider.interface.js';
import { WebPushProvider } from './web-push.provider.js';

/** A configured provider behind its own gate (concurrency and rate, per process). */
interface GatedProvider {
  provider: PushProvider;
  gate: ProviderGate;
}

/**
 * The providers configured at start-up, by name (a device names its own): APNs and FCM directly,
 * Web Push (VAPID), the retailer's gateway. Any of them may be configured, or none (then push
 * campaigns record their deliveries `unavailable`); what is off is said at start-up. A provider
 * that refused Panier's own credentials is left alone for PUSH_AUTH_FAILURE_PAUSE_MS (its sends
 * wait, their tokens kept) and an alert metric is raised until it answers again.
 */
@Injectable()
export class PushProviders implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PushProviders.name);
  private readonly providers = new Map<PushProviderName, GatedProvider>();
  private readonly haltedUntil = new Map<PushProviderName, number>();

  constructor(
    private readonly config: AppConfig,
    private readonly metrics: PushMetrics,
  ) {
    const { web, apns, fcm, gateway, ca, webHosts, ttlSeconds, timeoutMs, providerConcurrency, providerRate } = config.push;
    const add = (name: PushProviderName, provider: PushProvider) =>
      this.providers.set(name, { provider, gate: new ProviderGate(providerConcurrency, providerRate) });
    if (web) add('webpush', new WebPushProvider(web, { ttlSeconds, timeoutMs, ca, hosts: webHosts ?? DEFAULT_WEB_PUSH_HOSTS }));
    if (apns) add('apns', new ApnsProvider(apns, { timeoutMs }));
    if (fcm) add('fcm', new FcmProvider(fcm, { timeoutMs }));
    if (gateway) add('gateway', new GatewayPushProvider(gateway, { timeoutMs, ca }));
  }

  onApplicationBootstrap(): void {
    const on = configuredProviders(this.config.push);
    const off = PUSH_PROVIDER_NAMES.filter((name) => !on.includes(name));
    for (const name of PUSH_PROVIDER_NAMES) this.metrics.providerHalted.set({ provider: name }, 0);
    if (off.length > 0)
      this.logger.warn(
        { configured: on, unavailable: off },
        `push through ${off.join(', ')} is not configured: devices naming ${off.length > 1 ? 'them' : 'it'} are refused (409 PUSH_PROVIDER_UNAVAILABLE)`,
      );
    else this.logger.log({ configured: on }, 'every push provider is configured');
  }

  /** Whether any provider is configured. */
  get configured(): boolean {
    return this.providers.size > 0;
  }

  /** The providers not configured here (campaign stats show them as unavailable). */
  get unavailable(): PushProviderName[] {
    return PUSH_PROVIDER_NAMES.filter((name) => !this.providers.has(name));
  }

  /** The providers whose sends wait now, after they refused Panier's credentials. */
  get halted(): PushProviderName[] {
    return PUSH_PROVIDER_NAMES.filter((name) => this.haltedFor(name) > 0);
  }

  /** How long the provider's sends still wait after it refused Panier's credentials (0: not halted). */
  haltedFor(name: PushProviderName, now = Date.now()): number {
    return Math.max(0, (this.haltedUntil.get(name) ?? 0) - now);
  }

  /** One request to the device's provider, through its gate; undefined when that provider is not configured. */
  async send(target: PushTarget, message: PushMessage): Promise<ProviderReply | undefined> {
    const gated = this.providers.get(target.provider);
    if (!gated) return undefined;
    const stop = this.metrics.requestSeconds.startTimer({ provider: target.provider });
    try {
      return await gated.gate.run(() => gated.provider.send(target, message));
    } finally {
      stop();
    }
  }

  /** The provider refused Panier's credentials: its sends stop for a while, and the alert is raised. */
  halt(name: PushProviderName, reason: string | undefined): void {
    const pauseMs = this.config.push.authFailurePauseMs;
    if (this.haltedFor(name) > 0) return;
    this.haltedUntil.set(name, Date.now() + pauseMs);
    this.metrics.authFailures.inc({ provider: name });
    this.metrics.providerHalted.set({ provider: name }, 1);
    this.logger.error(
      { provider: name, reason, pauseMs },
      `${name} refused Panier's credentials: its pushes wait (tokens kept) until the credentials are fixed; tried again in ${Math.round(pauseMs / 1000)} s`,
    );
  }

  /** The provider accepted a push: a halt, if one was raised, is over. */
  resume(name: PushProviderName): void {
    if (!this.haltedUntil.delete(name)) return;
    this.metrics.providerHalted.set({ provider: name }, 0);
    this.logger.log({ provider: name }, `${name} accepts Panier's credentials again`);
  }

  onApplicationShutdown(): void {
    for (const { provider } of this.providers.values()) provider.close();
  }
}
