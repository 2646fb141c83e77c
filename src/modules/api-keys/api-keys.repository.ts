import { Injectable } from '@nestjs/common';
import { afterCursor, type KeysetCursor } from '../../common/http/pagination.js';
import { PrismaService } from '../../infra/database/prisma.service.js';
import type { StaffRole } from '../auth/domain/principal.js';

/** An API key as the rest of Panier sees it: never its secret, never its hash. */
export interface ApiKeyRecord {
  id: string;
  name: string;
  role: StaffRole;
  supplierId: string | null;
  keyPrefix: string;
  createdAt: Date;
  revokedAt: Date | null;
}

@Injectable()
export class ApiKeysRepository {
  constructor(private readonly prisma: PrismaService) {}

  async create(data: {
    id: string;
    name: string;
    role: StaffRole;
    supplierId?: string;
    keyHash: string;
    keyPrefix: string;
    createdBy: string;
  }): Promise<ApiKeyRecord> {
    return toRecord(await this.prisma.apiKey.create({ data }));
  }

  /** The active key with this hash: revoked keys are not found, so revocation acts on the next request. */
  async findActiveByHash(keyHash: string): Promise<ApiKeyRecord | undefined> {
    const row = await this.prisma.apiKey.findFirst({ where: { keyHash, revokedAt: null } });
    return row ? toRecord(row) : undefined;
  }

  async revoke(id: string): Promise<boolean> {
    const { count } = await this.prisma.apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
    return count > 0;
  }

  async exists(id: string): Promise<boolean> {
    return (await this.prisma.apiKey.count({ where: { id } })) > 0;
  }

  async list(limit: number, cursor?: KeysetCursor): Promise<ApiKeyRecord[]> {
    const rows = await this.prisma.apiKey.findMany({
      where: afterCursor(cursor),
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit,
    });
    return rows.map(toRecord);
  }
}

function toRecord(row: {
  id: string;
  name: string;
  role: string;
  supplierId: string | null;
  keyPrefix: string;
  createdAt: Date;
  revokedAt: Date | null;
}): ApiKeyRecord {
  return {
    id: row.id,
    name: row.name,
    role: row.role as StaffRole,
    supplierId: row.supplierId,
    keyPrefix: row.keyPrefix,
    createdAt: row.createdAt,
    revokedAt: row.revokedAt,
  };
}
