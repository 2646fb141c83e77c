import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import type { Platform } from '../devices/domain/device.js';
import { GatewayPushProvider } from './gateway-push.provider.js';
import type { PushProvider } from './push-provider.js';
import { WebPushProvider } from './web-push.provider.js';
import { DEFAULT_WEB_PUSH_HOSTS } from '../devices/domain/device.js';

/**
 * The providers configured at start-up, by platform: Web Push (VAPID) for `web`, the gateway for
 * `ios` and `android`. Either, both or neither may be configured; with neither, push is off and
 * push campaigns record their deliveries `unavailable`.
 */
@Injectable()
export class PushProviders implements OnApplicationShutdown {
  private readonly web?: PushProvider;
  private readonly native?: PushProvider;

  constructor(config: AppConfig) {
    const { web, gateway, ca, webHosts, ttlSeconds, timeoutMs } = config.push;
    if (web) this.web = new WebPushProvider(web, { ttlSeconds, timeoutMs, ca, hosts: webHosts ?? DEFAULT_WEB_PUSH_HOSTS });
    if (gateway) this.native = new GatewayPushProvider(gateway, { timeoutMs, ca });
  }

  /** Whether any provider is configured. */
  get configured(): boolean {
    return this.web !== undefined || this.native !== undefined;
  }

  forPlatform(platform: Platform): PushProvider | undefined {
    return platform === 'web' ? this.web : this.native;
  }

  onApplicationShutdown(): void {
    this.web?.close();
    this.native?.close();
  }
}
