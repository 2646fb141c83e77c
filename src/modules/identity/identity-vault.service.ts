import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { AppError } from '../../common/errors/app-error.js';
import { AuditKind } from '../audit/domain/audit-event.js';
import { AuditService } from '../audit/audit.service.js';
import { lookupForm, lookupHash, openCustomerId, sealCustomerId } from './domain/customer-id.js';
import { IdentityRepository, type IndexRewrite } from './identity.repository.js';

const ROTATION_BATCH = 1000;

/**
 * The only way back from a pseudonym to a customer id: re-identification (audited before the vault
 * is opened) and the key rotations, which need the ids to rebuild the index.
 */
@Injectable()
export class IdentityVaultService {
  private readonly logger = new Logger(IdentityVaultService.name);

  constructor(
    private readonly config: AppConfig,
    private readonly repository: IdentityRepository,
    private readonly audit: AuditService,
  ) {}

  async reidentify(pseudonym: string, reason: string, actor: string): Promise<string> {
    const sealed = await this.repository.readVault(pseudonym);
    // Audit first, attempts on unknown pseudonyms included: a re-identification that cannot be
    // recorded does not happen.
    await this.audit.record({ kind: AuditKind.Reidentification, actor, pseudonym, reason, details: { found: sealed !== undefined } });
    if (!sealed) throw AppError.notFound('Pseudonym');
    return openCustomerId(this.vaultKey(sealed.keyVersion), pseudonym, sealed);
  }

  /**
   * Rewrites every index entry not yet under the active HMAC key. Idempotent; safe to resume. Returns how
   * many entries are still under another version afterwards (created meanwhile by an instance
   * still configured with the old key active): the old key may be removed only at zero.
   */
  async rotateHmacKey(actor: string): Promise<{ rewritten: number; remaining: number }> {
    const active = this.config.identity.pseudonymKeys.active;
    let rewritten = 0;
    await this.walkVault({ indexNotUnder: active.version }, async (page) => {
      const rows: IndexRewrite[] = page.map((entry) => ({
        pseudonym: entry.pseudonym,
        lookup: lookupHash(
          active.key,
          lookupForm(
            openCustomerId(this.vaultKey(entry.keyVersion), entry.pseudonym, entry),
            this.config.identity.caseInsensitiveCustomerIds,
          ),
        ),
        keyVersion: active.version,
      }));
      await this.repository.rewriteIndexBatch(rows);
      rewritten += rows.length;
    });
    const remaining = await this.repository.countIndexNotUnder(active.version);
    await this.audit.record({
      kind: AuditKind.KeyRotation,
      actor,
      details: { key: 'hmac', version: active.version, rewritten, remaining },
    });
    this.logger.log(
      `HMAC index rewritten under key version ${active.version}: ${rewritten} entries, ${remaining} left under other versions`,
    );
    return { rewritten, remaining };
  }

  /** Re-encrypts every vault entry not yet under the active vault key. Idempotent; safe to resume. */
  async rotateVaultKey(actor: string): Promise<{ reencrypted: number }> {
    const active = this.config.identity.vaultKeys.active;
    let reencrypted = 0;
    await this.walkVault({ vaultNotUnder: active.version }, async (page) => {
      const rows = page.map((e) => ({
        pseudonym: e.pseudonym,
        ...sealCustomerId(active, e.pseudonym, openCustomerId(this.vaultKey(e.keyVersion), e.pseudonym, e)),
      }));
      await this.repository.rewriteVaultBatch(rows);
      reencrypted += rows.length;
    });
    await this.audit.record({ kind: AuditKind.KeyRotation, actor, details: { key: 'vault', version: active.version, reencrypted } });
    this.logger.log(`Vault re-encrypted under key version ${active.version}: ${reencrypted} entries`);
    return { reencrypted };
  }

  private async walkVault(
    stale: Parameters<IdentityRepository['vaultPage']>[2],
    handle: (page: Awaited<ReturnType<IdentityRepository['vaultPage']>>) => Promise<void>,
  ): Promise<void> {
    let after: string | undefined;
    for (;;) {
      const page = await this.repository.vaultPage(after, ROTATION_BATCH, stale);
      if (page.length === 0) return;
      await handle(page);
      after = page[page.length - 1].pseudonym;
    }
  }

  private vaultKey(version: number): Buffer {
    const key = this.config.identity.vaultKeys.all.find((k) => k.version === version);
    if (!key) throw new Error(`vault key version ${version} is not configured (keep old keys in VAULT_KEYS until rotated)`);
    return key.key;
  }
}
