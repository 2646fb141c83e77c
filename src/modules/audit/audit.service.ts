import { Injectable } from '@nestjs/common';
import type { AuditEvent, NewAuditEvent } from './domain/audit-event.js';
import { AuditRepository } from './audit.repository.js';

/** The append-only privacy audit trail: re-identifications, erasures, exports, retention runs, key rotations. */
@Injectable()
export class AuditService {
  constructor(private readonly repository: AuditRepository) {}

  record(event: NewAuditEvent): Promise<AuditEvent> {
    return this.repository.insert(event);
  }

  /** Newest first; the cursor is the id of the last event of the previous page. */
  async list(limit: number, cursor?: bigint): Promise<{ events: AuditEvent[]; nextCursor: string | null }> {
    const rows = await this.repository.newest(limit, cursor);
    const events = rows.slice(0, limit);
    return { events, nextCursor: rows.length > limit ? events[events.length - 1].id : null };
  }
}
