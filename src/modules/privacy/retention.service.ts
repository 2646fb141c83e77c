import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { AuditKind } from '../audit/domain/audit-event.js';
import { AuditService } from '../audit/audit.service.js';
import { ProfilesService } from '../profiles/profiles.service.js';
import { PurchasesService } from '../purchases/purchases.service.js';
import { ErasureService } from './erasure.service.js';
import { RetentionRepository } from './retention.repository.js';

const PAGE = 1000;

/** What one retention run did (the details of its audit event). */
export interface RetentionOutcome {
  runId: string;
  purchaseCutoff: string;
  inactiveCutoff: string;
  droppedPartitions: number;
  deletedOrders: number;
  deletedLines: number;
  profilesRebuilt: number;
  inactiveShoppers: number;
}

/**
 * Retention (docs/privacy.md): purchases older than RETENTION_PURCHASE_DAYS are purged, the
 * profiles built on them rebuilt from what is left, and shoppers inactive for
 * RETENTION_INACTIVE_DAYS erased entirely (one erasure request each, `requested_by = retention`).
 * Every step can run again: an interrupted run is retried by its job and resumes.
 */
@Injectable()
export class RetentionService {
  private readonly logger = new Logger(RetentionService.name);

  constructor(
    private readonly config: AppConfig,
    private readonly repository: RetentionRepository,
    private readonly purchases: PurchasesService,
    private readonly profiles: ProfilesService,
    private readonly erasure: ErasureService,
    private readonly audit: AuditService,
  ) {}

  async run(runId: string, now = new Date()): Promise<RetentionOutcome> {
    const privacy = this.config.privacy;
    const purchaseCutoff = new Date(now.getTime() - privacy.purchaseRetentionMs);
    const inactiveCutoff = new Date(now.getTime() - privacy.inactiveRetentionMs);
    // Inactive shoppers: each gets an erasure request (or keeps the one already open), in
    // pseudonym order, one page at a time.
    let inactiveShoppers = 0;
    for (
      let after: string | undefined, page: string[];
      (page = await this.repository.inactiveShoppers(inactiveCutoff, after, PAGE)).length > 0;
      after = page[page.length - 1]
    ) {
      for (const pseudonym of page) await this.erasure.requestForRetention(pseudonym);
      inactiveShoppers += page.length;
    }
    await this.repository.notePurchasesBefore(purchaseCutoff);
    const purged = await this.purchases.purgeOlderThan(purchaseCutoff);
    // Profiles given up on (busy) stay noted for the next run.
    let profilesRebuilt = 0;
    for (
      let after: string | undefined, page: string[];
      (page = await this.repository.pendingProfiles(after, PAGE)).length > 0;
      after = page[page.length - 1]
    ) {
      const busy = new Set(await this.profiles.rebuild(page));
      const rebuilt = page.filter((p) => !busy.has(p));
      await this.repository.profilesDone(rebuilt);
      profilesRebuilt += rebuilt.length;
    }
    const outcome: RetentionOutcome = {
      runId,
      purchaseCutoff: purchaseCutoff.toISOString(),
      inactiveCutoff: inactiveCutoff.toISOString(),
      droppedPartitions: purged.droppedPartitions,
      deletedOrders: purged.deletedOrders,
      deletedLines: purged.deletedLines,
      profilesRebuilt,
      inactiveShoppers,
    };
    await this.audit.record({ kind: AuditKind.RetentionRun, actor: 'retention', details: { ...outcome } });
    this.logger.log(outcome, 'retention run done');
    return outcome;
  }
}
