import { Injectable } from '@nestjs/common';
import { AppError } from '../../common/errors/app-error.js';
import { bigintCursor, type Page } from '../../common/http/pagination.js';
import { type AuditEvent, AuditKind } from '../audit/domain/audit-event.js';
import { AuditService } from '../audit/audit.service.js';
import { ConsentService } from '../consent/consent.service.js';
import type { ConsentDecision } from '../consent/domain/consent.js';
import { IdentityVaultService } from '../identity/identity-vault.service.js';
import { IdentityService } from '../identity/identity.service.js';
import { type ShopperData, ShopperDataService } from './shopper-data.service.js';

/** What privacy officers ask of Panier to answer the regulator and data subjects. */
@Injectable()
export class PrivacyService {
  constructor(
    private readonly identity: IdentityService,
    private readonly vault: IdentityVaultService,
    private readonly consent: ConsentService,
    private readonly audit: AuditService,
    private readonly shopperData: ShopperDataService,
  ) {}

  /** The pseudonym of a known customer; an unknown one is a 404 (and no shopper is created). */
  async pseudonymOf(customerId: string): Promise<string> {
    const pseudonym = await this.identity.lookup(customerId);
    if (!pseudonym) throw AppError.notFound('Customer');
    return pseudonym;
  }

  /** The customer's consent ledger, newest first, a page at a time. */
  async consentHistory(customerId: string, limit: number, cursor?: string): Promise<Page<ConsentDecision>> {
    return this.consent.historyPage(await this.pseudonymOf(customerId), limit, cursor);
  }

  async export(customerId: string, actor: string): Promise<{ pseudonym: string; data: ShopperData }> {
    const pseudonym = await this.pseudonymOf(customerId);
    await this.audit.record({ kind: AuditKind.Export, actor, pseudonym });
    return { pseudonym, data: await this.shopperData.collect(pseudonym) };
  }

  reidentify(pseudonym: string, reason: string, actor: string): Promise<string> {
    return this.vault.reidentify(pseudonym, reason, actor);
  }

  auditTrail(limit: number, cursor?: string): Promise<{ events: AuditEvent[]; nextCursor: string | null }> {
    return this.audit.list(limit, bigintCursor(cursor));
  }
}
