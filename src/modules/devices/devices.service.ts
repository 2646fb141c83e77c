import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppError, ErrorCode } from '../../common/errors/app-error.js';
import { AppConfig } from '../../config/app-config.js';
import { DevicesRepository } from './devices.repository.js';
import {
  canonicalToken,
  configuredProviders,
  DEFAULT_WEB_PUSH_HOSTS,
  type Device,
  type DeviceTarget,
  MAX_DEVICES_PER_SHOPPER,
  type Platform,
  providerOf,
  tokenProblem,
} from './domain/device.js';

/**
 * The device registry push offers go through. Tokens are stored, never logged nor returned
 * (they let a push service reach the device).
 */
@Injectable()
export class DevicesService {
  constructor(
    private readonly repository: DevicesRepository,
    private readonly config: AppConfig,
  ) {}

  /**
   * Registers the token through `requested` (the platform's default provider when absent): a
   * provider this service is not configured for is refused (PUSH_PROVIDER_UNAVAILABLE), since
   * nothing could ever reach the device.
   */
  async register(pseudonym: string, platform: Platform, value: unknown, requested?: unknown): Promise<string> {
    const chosen = providerOf(platform, requested);
    if ('problem' in chosen) throw AppError.validation([{ field: 'provider', message: chosen.problem }]);
    const { provider } = chosen;
    const token = canonicalToken(platform, value, provider);
    if (token === undefined)
      throw AppError.validation([
        { field: 'token', message: platform === 'web' ? 'must be the Web Push subscription (JSON text or object)' : 'must be a string' },
      ]);
    const problem = tokenProblem(platform, token, this.config.push.webHosts ?? DEFAULT_WEB_PUSH_HOSTS, provider);
    if (problem) throw AppError.validation([{ field: 'token', message: problem }]);
    if (!configuredProviders(this.config.push).includes(provider))
      throw new AppError(ErrorCode.PushProviderUnavailable, `Push through ${provider} is not configured on this service`);
    return this.repository.register(randomUUID(), pseudonym, platform, provider, token, MAX_DEVICES_PER_SHOPPER);
  }

  async remove(pseudonym: string, id: string): Promise<void> {
    if (!(await this.repository.remove(pseudonym, id))) throw AppError.notFound('Device');
  }

  list(pseudonym: string): Promise<Device[]> {
    return this.repository.list(pseudonym);
  }

  /** The shopper's devices with their tokens, read by the push sender at the moment of sending. */
  targetsOf(pseudonym: string): Promise<DeviceTarget[]> {
    return this.repository.targetsOf(pseudonym);
  }

  /** A push service said the token is gone (404/410): the device is deleted. */
  removeDead(id: string, token: string): Promise<boolean> {
    return this.repository.removeDead(id, token);
  }

  eraseShopper(pseudonym: string): Promise<number> {
    return this.repository.eraseShopper(pseudonym);
  }
}
