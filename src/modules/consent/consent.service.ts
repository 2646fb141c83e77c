import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { AppError, ErrorCode } from '../../common/errors/app-error.js';
import { bigintCursor, type Page, pageOf } from '../../common/http/pagination.js';
import { ConsentCache } from './consent.cache.js';
import { ConsentRepository } from './consent.repository.js';
import {
  type ConsentDecision,
  type ConsentState,
  type ExplicitChoices,
  type LegalBasis,
  Purpose,
  PURPOSES,
  isGranted,
  resolveConsent,
} from './domain/consent.js';

export interface ConsentChange {
  choices: Partial<Record<Purpose, boolean>>;
  source: string;
  noticeVersion?: string;
  actor: string;
}

const CACHE_WRITE_ATTEMPTS = 3;

/**
 * The consent ledger and its two copies of the current state: PostgreSQL (the record) and Redis
 * (the hot path). A change is effective when its Redis write is done, for every instance.
 */
@Injectable()
export class ConsentService {
  private readonly logger = new Logger(ConsentService.name);
  readonly bases: Record<Purpose, LegalBasis>;

  constructor(
    private readonly config: AppConfig,
    private readonly repository: ConsentRepository,
    private readonly cache: ConsentCache,
  ) {
    const consent = config.consent;
    this.bases = {
      [Purpose.Personalization]: consent.bases.personalization,
      [Purpose.TargetedOffers]: consent.bases.targetedOffers,
      [Purpose.PushMarketing]: consent.bases.pushMarketing,
      [Purpose.SupplierInsights]: consent.bases.supplierInsights,
    };
  }

  async state(pseudonym: string): Promise<ConsentState> {
    const stored = await this.repository.current(pseudonym);
    return resolveConsent(stored.decisions, this.bases);
  }

  async update(pseudonym: string, change: ConsentChange): Promise<ConsentState> {
    const purposes = PURPOSES.filter((p) => typeof change.choices[p] === 'boolean');
    if (purposes.length === 0) return this.state(pseudonym);
    // Invalidate first: if Redis is unreachable nothing is recorded, and the shopper can retry.
    // Between this and the write below, readers fall back to PostgreSQL.
    await this.cache.invalidate(pseudonym).catch((error: unknown) => {
      throw new AppError(ErrorCode.ServiceUnavailable, 'Consent store unavailable, nothing was changed', undefined, { cause: error });
    });
    const stored = await this.repository.record(
      pseudonym,
      purposes.map((purpose) => ({ purpose, granted: change.choices[purpose] as boolean, basis: this.bases[purpose] })),
      { source: change.source, noticeVersion: change.noticeVersion ?? this.config.consent.noticeVersion, actor: change.actor },
    );
    await this.writeCache(pseudonym, stored.version, stored.choices);
    return resolveConsent(stored.decisions, this.bases);
  }

  /** The explicit choices for the hot path: Redis, or PostgreSQL on a miss (then cached). */
  async choices(pseudonym: string): Promise<ExplicitChoices> {
    const cached = await this.cache.read(pseudonym);
    if (cached) return cached;
    return this.load(pseudonym);
  }

  /** Loads from PostgreSQL and refills the cache; used on a miss, including the cart path's. */
  async load(pseudonym: string): Promise<ExplicitChoices> {
    const stored = await this.repository.current(pseudonym);
    await this.cache.write(pseudonym, stored.version, stored.choices).catch((error: unknown) => {
      this.logger.warn({ err: error }, 'consent cache refill failed');
    });
    return stored.choices;
  }

  async isGranted(pseudonym: string, purpose: Purpose): Promise<boolean> {
    return isGranted(await this.choices(pseudonym), purpose, this.bases);
  }

  granted(choices: ExplicitChoices, purpose: Purpose): boolean {
    return isGranted(choices, purpose, this.bases);
  }

  /** The whole ledger, oldest first (the data access document). */
  history(pseudonym: string): Promise<ConsentDecision[]> {
    return this.repository.history(pseudonym);
  }

  /** The ledger newest first, a page at a time; `cursor` is the `nextCursor` of the previous page. */
  async historyPage(pseudonym: string, limit: number, cursor?: string): Promise<Page<ConsentDecision>> {
    const rows = await this.repository.newest(pseudonym, limit, bigintCursor(cursor));
    return pageOf(rows, limit, (d) => d.id);
  }

  /**
   * Erasure: the ledger and state in PostgreSQL, then the Redis copy (after, so that no reader
   * refills it from rows about to go). Returns the number of decisions removed.
   */
  async erase(pseudonym: string): Promise<number> {
    const decisions = await this.repository.erase(pseudonym);
    await this.cache.invalidate(pseudonym);
    return decisions;
  }

  private async writeCache(pseudonym: string, version: bigint, choices: ExplicitChoices): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.cache.write(pseudonym, version, choices);
        return;
      } catch (error) {
        if (attempt >= CACHE_WRITE_ATTEMPTS) {
          // The decision is recorded and the cache key is absent, so readers use PostgreSQL.
          throw new AppError(ErrorCode.ServiceUnavailable, 'Consent recorded but not yet propagated; retry', undefined, { cause: error });
        }
      }
    }
  }
}
