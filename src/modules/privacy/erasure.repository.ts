import { Injectable } from '@nestjs/common';
import type { ErasureRequest as Row } from '../../generated/prisma/client.js';
import type { KeysetCursor } from '../../common/http/pagination.js';
import { PrismaService } from '../../infra/database/prisma.service.js';
import { type ErasureCounts, type ErasureRequest, ErasureStatus, NOTHING_REMOVED } from './domain/erasure.js';

/** Requests not over yet (a failed one is tried again). */
const OPEN = [ErasureStatus.Pending, ErasureStatus.Running, ErasureStatus.Failed];

@Injectable()
export class ErasureRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * A new request, or the one already open for this shopper (at most one per shopper at a time:
   * a unique partial index), so that two clicks make one erasure.
   */
  async create(
    id: string,
    pseudonym: string | undefined,
    requestedBy: string,
    subjectLookup?: string,
  ): Promise<{ request: ErasureRequest; created: boolean }> {
    const inserted = await this.prisma.$queryRaw<Array<{ id: string }>>`
      INSERT INTO erasure_requests (id, pseudonym, requested_by, subject_lookup)
      VALUES (${id}::uuid, ${pseudonym ?? null}::uuid, ${requestedBy}, ${subjectLookup ?? null})
      ON CONFLICT (pseudonym) WHERE status IN ('pending', 'running', 'failed') DO NOTHING
      RETURNING id::text AS id`;
    if (inserted.length === 1) return { request: (await this.find(id)) as ErasureRequest, created: true };
    const open = await this.prisma.erasureRequest.findFirst({ where: { pseudonym, status: { in: OPEN } } });
    if (!open) throw new Error('erasure request neither created nor open');
    return { request: toRequest(open), created: false };
  }

  /** The latest request about the customer whose id has one of these lookups (one per key version). */
  async latestAbout(lookups: string[]): Promise<ErasureRequest | undefined> {
    const row = await this.prisma.erasureRequest.findFirst({ where: { subjectLookup: { in: lookups } }, orderBy: { requestedAt: 'desc' } });
    return row ? toRequest(row) : undefined;
  }

  /** Newest first, keyset-paginated on (requestedAt, id): `limit + 1` rows, so the caller sees if more follow. */
  async list(limit: number, after?: KeysetCursor): Promise<ErasureRequest[]> {
    const rows = await this.prisma.erasureRequest.findMany({
      where: after ? { OR: [{ requestedAt: { lt: after.at } }, { requestedAt: after.at, id: { lt: after.id } }] } : {},
      orderBy: [{ requestedAt: 'desc' }, { id: 'desc' }],
      take: limit + 1,
    });
    return rows.map(toRequest);
  }

  async find(id: string): Promise<ErasureRequest | undefined> {
    const row = await this.prisma.erasureRequest.findUnique({ where: { id } });
    return row ? toRequest(row) : undefined;
  }

  /**
   * Moves a request to running: a pending one, a running one (a retried or stalled job), a failed
   * one (tried again: the data it did not reach is reachable only this way), and a done one that
   * still holds its pseudonym (the second pass). Undefined when there is nothing left to do.
   */
  async start(id: string): Promise<ErasureRequest | undefined> {
    const { count } = await this.prisma.erasureRequest.updateMany({
      where: { id, status: { in: OPEN } },
      data: { status: ErasureStatus.Running, error: null },
    });
    const request = await this.find(id);
    // A done request keeps its status through the second pass.
    return count === 1 || (request?.status === ErasureStatus.Done && request.pseudonym !== null) ? request : undefined;
  }

  /** Adds one step's counts, in one statement (a stalled job running twice cannot lose any). */
  async addRemoved(id: string, counts: Partial<ErasureCounts>): Promise<void> {
    const entries = Object.entries(counts).filter(([k, v]) => k in NOTHING_REMOVED && Number.isInteger(v) && v !== 0);
    if (entries.length === 0) return;
    const sum = entries.map(([k, v]) => `'${k}', coalesce((removed->>'${k}')::bigint, 0) + ${v}`).join(', ');
    await this.prisma.$executeRawUnsafe(
      `UPDATE erasure_requests SET removed = removed || jsonb_build_object(${sum}) WHERE id = $1::uuid`,
      id,
    );
  }

  /** First pass over: `done` for the requester; the pseudonym is kept for the second pass. */
  async markDone(id: string): Promise<void> {
    await this.prisma.erasureRequest.update({ where: { id }, data: { status: ErasureStatus.Done, completedAt: new Date() } });
  }

  /**
   * Second pass over (or nothing was held: an unknown customer): neither the pseudonym nor the
   * customer id's lookup is kept with the request any more, which is done, completed now unless
   * the first pass completed it. From then on nothing links a customer id to the request.
   */
  async forgetSubject(id: string): Promise<void> {
    await this.prisma.$executeRaw`
      UPDATE erasure_requests SET status = ${ErasureStatus.Done}, pseudonym = NULL, subject_lookup = NULL, completed_at = coalesce(completed_at, now())
      WHERE id = ${id}::uuid`;
  }

  /** Requests still open (pending, running, failed) since more than `olderThanMs`, oldest first (at most 1,000). */
  async stale(olderThanMs: number): Promise<string[]> {
    const rows = await this.prisma.erasureRequest.findMany({
      where: { status: { in: OPEN }, requestedAt: { lt: new Date(Date.now() - olderThanMs) } },
      orderBy: { requestedAt: 'asc' },
      select: { id: true },
      take: 1000,
    });
    return rows.map((r) => r.id);
  }

  /** Done requests still holding their pseudonym since more than `olderThanMs`: their second pass is overdue. */
  async secondPassOverdue(olderThanMs: number): Promise<string[]> {
    const rows = await this.prisma.erasureRequest.findMany({
      where: { status: ErasureStatus.Done, pseudonym: { not: null }, completedAt: { lt: new Date(Date.now() - olderThanMs) } },
      orderBy: { completedAt: 'asc' },
      select: { id: true },
      take: 1000,
    });
    return rows.map((r) => r.id);
  }

  async fail(id: string, error: string): Promise<void> {
    await this.prisma.erasureRequest.updateMany({
      where: { id, status: { not: ErasureStatus.Done } },
      data: { status: ErasureStatus.Failed, error: error.slice(0, 500), completedAt: new Date() },
    });
  }
}

function toRequest(row: Row): ErasureRequest {
  return {
    id: row.id,
    status: row.status as ErasureStatus,
    pseudonym: row.pseudonym,
    requestedBy: row.requestedBy,
    removed: { ...NOTHING_REMOVED, ...(row.removed as Partial<ErasureCounts>) },
    error: row.error,
    requestedAt: row.requestedAt,
    completedAt: row.completedAt,
  };
}
