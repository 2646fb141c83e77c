import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { AppError } from '../../common/errors/app-error.js';
import { lookupHash, normalizeCustomerId, sealCustomerId } from './domain/customer-id.js';
import { IdentityRepository } from './identity.repository.js';

/**
 * The identity boundary: raw customer ids come in here and only pseudonyms go out. The HMAC key
 * finds the pseudonym; the vault (a second key) is opened only by the audited re-identification.
 */
@Injectable()
export class IdentityService {
  constructor(
    private readonly config: AppConfig,
    private readonly repository: IdentityRepository,
  ) {}

  /** The shopper's pseudonym, created on first sight. */
  async resolve(customerId: string, field = 'customerId'): Promise<string> {
    const normalized = this.normalize(customerId, field);
    const found = await this.find(normalized);
    if (found) return found;
    const pseudonym = randomUUID();
    const active = this.config.pseudonymKeys.active;
    const sealed = sealCustomerId(this.config.vaultKeys.active, pseudonym, normalized);
    if (await this.repository.create(pseudonym, lookupHash(active.key, normalized), active.version, sealed)) {
      return pseudonym;
    }
    const raced = await this.find(normalized);
    if (!raced) throw new Error('identity creation lost a race and found no winner');
    return raced;
  }

  /** The pseudonym of a known customer, or undefined: used where creating one would be wrong. */
  async lookup(customerId: string, field = 'customerId'): Promise<string | undefined> {
    return this.find(this.normalize(customerId, field));
  }

  async exists(pseudonym: string): Promise<boolean> {
    return this.repository.exists(pseudonym);
  }

  async touch(pseudonym: string): Promise<void> {
    await this.repository.touch(pseudonym);
  }

  private normalize(customerId: string, field: string): string {
    const normalized = normalizeCustomerId(customerId);
    if (!normalized) throw AppError.validation([{ field, message: 'must be a non-empty customer id of at most 128 characters' }]);
    return normalized;
  }

  /**
   * Looks the id up under every key version still configured, so that lookups keep working while
   * a rotation runs; an entry found under an old key is moved to the active one on the way.
   */
  private async find(normalized: string): Promise<string | undefined> {
    const ring = this.config.pseudonymKeys;
    const lookups = ring.all.map((k) => lookupHash(k.key, normalized));
    const hit = await this.repository.findByLookup(lookups);
    if (!hit) return undefined;
    if (hit.keyVersion !== ring.active.version) {
      await this.repository.rewriteLookup(hit.pseudonym, lookups[0], ring.active.version);
    }
    return hit.pseudonym;
  }
}
