import { Injectable } from '@nestjs/common';
import type { Prisma } from '../../generated/prisma/client.js';
import { PrismaService } from '../../infra/database/prisma.service.js';
import type { AuditEvent, AuditKind, NewAuditEvent } from './domain/audit-event.js';

/** The privacy_audit table (append-only by trigger); returns domain types. */
@Injectable()
export class AuditRepository {
  constructor(private readonly prisma: PrismaService) {}

  async insert(event: NewAuditEvent): Promise<AuditEvent> {
    const row = await this.prisma.privacyAuditEvent.create({
      data: {
        kind: event.kind,
        actor: event.actor,
        pseudonym: event.pseudonym,
        reason: event.reason,
        details: event.details as Prisma.InputJsonValue | undefined,
      },
    });
    return toAuditEvent(row);
  }

  /** Newest first, keyset-paginated on the id: `limit + 1` rows, so the caller sees if more follow. */
  async newest(limit: number, beforeId?: bigint): Promise<AuditEvent[]> {
    const rows = await this.prisma.privacyAuditEvent.findMany({
      where: beforeId ? { id: { lt: beforeId } } : {},
      orderBy: { id: 'desc' },
      take: limit + 1,
    });
    return rows.map(toAuditEvent);
  }
}

function toAuditEvent(row: {
  id: bigint;
  kind: string;
  actor: string;
  pseudonym: string | null;
  reason: string | null;
  details: unknown;
  at: Date;
}): AuditEvent {
  return {
    id: row.id.toString(),
    kind: row.kind as AuditKind,
    actor: row.actor,
    pseudonym: row.pseudonym,
    reason: row.reason,
    details: (row.details as Record<string, unknown> | null) ?? null,
    at: row.at,
  };
}
