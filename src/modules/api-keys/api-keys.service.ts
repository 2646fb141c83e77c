import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { AppError } from '../../common/errors/app-error.js';
import { decodeCursor, encodeCursor, type Page, pageOf } from '../../common/http/pagination.js';
import { generateApiKey, hashApiKey, sameHash } from '../auth/domain/api-key-secret.js';
import { StaffRole, type StaffPrincipal } from '../auth/domain/principal.js';
import type { StaffKeyAuthenticator } from '../auth/staff-key.authenticator.js';
import { SuppliersService } from '../suppliers/suppliers.service.js';
import { type ApiKeyRecord, ApiKeysRepository } from './api-keys.repository.js';

export const BOOTSTRAP_KEY_ID = 'bootstrap-admin';

@Injectable()
export class ApiKeysService implements StaffKeyAuthenticator {
  private readonly bootstrapHash: string;

  constructor(
    config: AppConfig,
    private readonly repository: ApiKeysRepository,
    private readonly suppliers: SuppliersService,
  ) {
    this.bootstrapHash = hashApiKey(config.auth.adminApiKey);
  }

  /** The staff principal of a presented key, or undefined. Looked up on every request. */
  async authenticate(key: string): Promise<StaffPrincipal | undefined> {
    const hash = hashApiKey(key);
    if (sameHash(hash, this.bootstrapHash)) return { kind: 'staff', keyId: BOOTSTRAP_KEY_ID, role: StaffRole.Admin };
    const record = await this.repository.findActiveByHash(hash);
    if (!record) return undefined;
    return { kind: 'staff', keyId: record.id, role: record.role, supplierId: record.supplierId ?? undefined };
  }

  /** Creates a key; the secret is returned once and only its hash is kept. */
  async create(
    input: { name: string; role: StaffRole; supplierId?: string },
    createdBy: string,
  ): Promise<{ record: ApiKeyRecord; key: string }> {
    if (input.role === StaffRole.Supplier) {
      if (!input.supplierId) throw AppError.validation([{ field: 'supplierId', message: 'supplierId is required for the supplier role' }]);
      if (!(await this.suppliers.find(input.supplierId))) throw AppError.validation([{ field: 'supplierId', message: 'unknown supplier' }]);
    } else if (input.supplierId) {
      throw AppError.validation([{ field: 'supplierId', message: 'supplierId is only for the supplier role' }]);
    }
    const key = generateApiKey();
    const record = await this.repository.create({
      id: randomUUID(),
      name: input.name,
      role: input.role,
      supplierId: input.supplierId,
      keyHash: hashApiKey(key),
      keyPrefix: key.slice(0, 12),
      createdBy,
    });
    return { record, key };
  }

  async revoke(id: string): Promise<void> {
    if (await this.repository.revoke(id)) return;
    if (!(await this.repository.exists(id))) throw AppError.notFound('API key');
    // Already revoked: DELETE is idempotent.
  }

  async list(limit: number, cursor?: string): Promise<Page<ApiKeyRecord>> {
    const rows = await this.repository.list(limit + 1, decodeCursor(cursor));
    return pageOf(rows, limit, (k) => encodeCursor(k.createdAt, k.id));
  }
}
