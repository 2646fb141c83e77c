import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { AppError, ErrorCode } from '../../common/errors/app-error.js';
import { lookupForm, lookupHash, normalizeCustomerId, type SealedId, sealCustomerId } from './domain/customer-id.js';
import { IdentityRepository } from './identity.repository.js';

/** Activity is recorded to the hour: retention counts in days. */
const ACTIVITY_RESOLUTION_MS = 3_600_000;
/** Shoppers remembered as recently marked, per instance, before the memory starts over. */
const MAX_MARKED = 100_000;

/**
 * The identity boundary: raw customer ids come in here and only pseudonyms go out. The HMAC key
 * finds the pseudonym; the vault (a second key) is opened only by the audited re-identification.
 */
@Injectable()
export class IdentityService {
  private readonly logger = new Logger(IdentityService.name);
  private readonly lastMarked = new Map<string, number>();

  constructor(
    private readonly config: AppConfig,
    private readonly repository: IdentityRepository,
  ) {}

  /**
   * The shopper's pseudonym, created on first sight. Through a pipeline (`ingest`), a customer
   * erased at their request is not created again: CUSTOMER_SUPPRESSED. The customer signing in
   * (`sign-in`) is a new shopper, and lifts that.
   */
  async resolve(customerId: string, field = 'customerId', door: 'ingest' | 'sign-in' = 'ingest'): Promise<string> {
    const normalized = this.normalize(customerId, field);
    const found = await this.find(normalized);
    if (found) return found;
    const lookups = this.lookupsOf(normalized);
    if (door === 'ingest') {
      if ((await this.repository.suppressedAmong(lookups)).size > 0) throw suppressed();
    } else {
      await this.repository.liftSuppression(lookups);
    }
    const pseudonym = randomUUID();
    const active = this.config.identity.pseudonymKeys.active;
    const sealed = sealCustomerId(this.config.identity.vaultKeys.active, pseudonym, normalized);
    if (await this.repository.create(pseudonym, this.hash(active.key, normalized), active.version, sealed)) {
      return pseudonym;
    }
    const raced = await this.find(normalized);
    if (!raced) throw new Error('identity creation lost a race and found no winner');
    return raced;
  }

  /**
   * `resolve` for many customers at once (the bulk import's fast path): HMACs computed here, one
   * query for the known ones, one statement creating the others. Keys of the result are the ids
   * as given; an id that cannot be a customer id is left out (callers validate ids beforehand), and
   * so is a customer erased at their request, who is not created again (in `suppressed`).
   */
  async resolveMany(customerIds: string[]): Promise<{ pseudonyms: Map<string, string>; suppressed: Set<string> }> {
    const byNormalized = new Map<string, string[]>();
    for (const id of customerIds) {
      const normalized = normalizeCustomerId(id);
      if (!normalized) continue;
      const ids = byNormalized.get(normalized);
      if (ids) ids.push(id);
      else byNormalized.set(normalized, [id]);
    }
    const pseudonyms = await this.findMany([...byNormalized.keys()]);
    let unknown = [...byNormalized.keys()].filter((n) => !pseudonyms.has(n));
    const refused = new Set<string>();
    if (unknown.length > 0) {
      const lookups = unknown.map((n) => this.lookupsOf(n));
      const hits = await this.repository.suppressedAmong(lookups.flat());
      unknown = unknown.filter((n, i) => {
        if (!lookups[i].some((l) => hits.has(l))) return true;
        refused.add(n);
        return false;
      });
    }
    if (unknown.length > 0) {
      const active = this.config.identity.pseudonymKeys.active;
      // One entry per lookup: ids that differ only by case share one when lookups ignore case.
      const byLookup = new Map<string, { normalized: string; pseudonym: string; lookup: string; keyVersion: number; sealed: SealedId }>();
      for (const normalized of unknown) {
        const lookup = this.hash(active.key, normalized);
        if (byLookup.has(lookup)) continue;
        const pseudonym = randomUUID();
        byLookup.set(lookup, {
          normalized,
          pseudonym,
          lookup,
          keyVersion: active.version,
          sealed: sealCustomerId(this.config.identity.vaultKeys.active, pseudonym, normalized),
        });
      }
      const entries = [...byLookup.values()];
      const created = await this.repository.createMany(entries);
      for (const e of entries) if (created.has(e.lookup)) pseudonyms.set(e.normalized, e.pseudonym);
      // The others were created by someone else (concurrently, or under another spelling): read them back.
      const raced = unknown.filter((n) => !pseudonyms.has(n));
      if (raced.length > 0) for (const [normalized, pseudonym] of await this.findMany(raced)) pseudonyms.set(normalized, pseudonym);
    }
    const out = new Map<string, string>();
    const suppressed = new Set<string>();
    for (const [normalized, ids] of byNormalized) {
      if (refused.has(normalized)) {
        for (const id of ids) suppressed.add(id);
        continue;
      }
      const pseudonym = pseudonyms.get(normalized);
      if (!pseudonym) throw new Error('bulk identity creation found no entry it had just created');
      for (const id of ids) out.set(id, pseudonym);
    }
    return { pseudonyms: out, suppressed };
  }

  /** The pseudonym of a known customer, or undefined: used where creating one would be wrong. */
  async lookup(customerId: string, field = 'customerId'): Promise<string | undefined> {
    return this.find(this.normalize(customerId, field));
  }

  /**
   * What the id leads to, without creating anything: the pseudonym if known, and the id's lookups
   * under every configured key version (active first), for records kept about a customer whose
   * identity was erased (an erasure request). The raw id stays here.
   */
  async subjectOf(customerId: string, field = 'customerId'): Promise<{ pseudonym: string | undefined; lookups: string[] }> {
    const normalized = this.normalize(customerId, field);
    const lookups = this.lookupsOf(normalized);
    return { pseudonym: (await this.repository.findByLookup(lookups))?.pseudonym, lookups };
  }

  /**
   * Erasure, first step: drops the index entry and the vault entry, so that the customer id no
   * longer leads to this pseudonym (a customer who comes back gets a new one) nor back from it.
   * With `suppress` (the customer asked), the index entry's lookup is kept in the suppression list:
   * pipelines re-sending their orders are refused rather than creating them again.
   */
  eraseIdentity(pseudonym: string, suppress: boolean): Promise<boolean> {
    return this.repository.eraseIdentity(pseudonym, suppress);
  }

  /** Erasure, last step: the shopper row itself. */
  eraseShopper(pseudonym: string): Promise<void> {
    return this.repository.eraseShopper(pseudonym);
  }

  async exists(pseudonym: string): Promise<boolean> {
    return this.repository.exists(pseudonym);
  }

  /**
   * The shopper did something (signed in to the app or the web): retention counts inactivity from
   * the latest of this and their last purchase. At most one write per shopper per hour and instance,
   * never awaited by the caller.
   */
  markActive(pseudonym: string): void {
    const now = Date.now();
    if ((this.lastMarked.get(pseudonym) ?? 0) > now - ACTIVITY_RESOLUTION_MS) return;
    if (this.lastMarked.size >= MAX_MARKED) this.lastMarked.clear();
    this.lastMarked.set(pseudonym, now);
    this.repository.touch(pseudonym).catch((error: unknown) => this.logger.warn({ err: error }, 'could not record shopper activity'));
  }

  private normalize(customerId: string, field: string): string {
    const normalized = normalizeCustomerId(customerId);
    if (!normalized) throw AppError.validation([{ field, message: 'must be a non-empty customer id of at most 128 characters' }]);
    return normalized;
  }

  /** `find` for many normalized ids: active-key lookups first, older keys only for the misses. */
  private async findMany(normalized: string[]): Promise<Map<string, string>> {
    const ring = this.config.identity.pseudonymKeys;
    const found = new Map<string, string>();
    let pending = normalized;
    for (const key of ring.all) {
      if (pending.length === 0) break;
      const lookups = pending.map((n) => this.hash(key.key, n));
      const hits = await this.repository.findManyByLookup(lookups);
      pending = pending.filter((n, i) => {
        const hit = hits.get(lookups[i]);
        if (hit) found.set(n, hit.pseudonym);
        return !hit;
      });
    }
    return found;
  }

  /**
   * Looks the id up under every key version configured, so that lookups keep working while a key
   * rotation rolls out. Entries are never moved on read: an instance still on the old key list
   * must keep finding them (only `npm run keys:rotate -- hmac` moves them, see README).
   */
  private async find(normalized: string): Promise<string | undefined> {
    return (await this.repository.findByLookup(this.lookupsOf(normalized)))?.pseudonym;
  }

  /** The id's lookups under every configured key version, active first. */
  private lookupsOf(normalized: string): string[] {
    return this.config.identity.pseudonymKeys.all.map((k) => this.hash(k.key, normalized));
  }

  /** HMAC of the id's lookup form (case-folded when CUSTOMER_ID_CASE_INSENSITIVE). */
  private hash(key: Buffer, canonical: string): string {
    return lookupHash(key, lookupForm(canonical, this.config.identity.caseInsensitiveCustomerIds));
  }
}

function suppressed(): AppError {
  return new AppError(ErrorCode.CustomerSuppressed, 'This customer was erased at their request: their orders are not recorded again');
}
