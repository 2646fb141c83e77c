import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppError } from '../../common/errors/app-error.js';
import { AppConfig } from '../../config/app-config.js';
import { DevicesRepository } from './devices.repository.js';
import {
  canonicalToken,
  DEFAULT_WEB_PUSH_HOSTS,
  type Device,
  type DeviceTarget,
  MAX_DEVICES_PER_SHOPPER,
  type Platform,
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

  async register(pseudonym: string, platform: Platform, value: unknown): Promise<string> {
    const token = canonicalToken(platform, value);
    if (token === undefined)
      throw AppError.validation([
        { field: 'token', message: platform === 'web' ? 'must be the Web Push subscription (JSON text or object)' : 'must be a string' },
      ]);
    const problem = tokenProblem(platform, token, this.config.push.webHosts ?? DEFAULT_WEB_PUSH_HOSTS);
    if (problem) throw AppError.validation([{ field: 'token', message: problem }]);
    return this.repository.register(randomUUID(), pseudonym, platform, token, MAX_DEVICES_PER_SHOPPER);
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
