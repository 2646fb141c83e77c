import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../infra/prisma/prisma.service.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { type AuditEvent, AuditKind, type NewAuditEvent } from './audit-event.js';

/** The append-only privacy audit trail (the table refuses UPDATE and DELETE by trigger). */
@Injectable()
export class AuditService {
  constructor(private readonly prisma: PrismaService) {}

  async record(event: NewAuditEvent): Promise<AuditEvent> {
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

  /** Newest first, keyset-paginated on the id. */
  async list(limit: number, cursor?: string): Promise<{ events: AuditEvent[]; nextCursor: string | null }> {
    const rows = await this.prisma.privacyAuditEvent.findMany({
      where: cursor ? { id: { lt: BigInt(cursor) } } : {},
      orderBy: { id: 'desc' },
      take: limit + 1,
    });
    const page = rows.slice(0, limit).map(toAuditEvent);
    return { events: page, nextCursor: rows.length > limit ? page[page.length - 1].id : null };
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
