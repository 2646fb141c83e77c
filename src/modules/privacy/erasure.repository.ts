import { Injectable } from '@nestjs/common';
import type { ErasureRequest as Row } from '../../generated/prisma/client.js';
import { PrismaService } from '../../infra/prisma/prisma.service.js';
import { type ErasureCounts, type ErasureRequest, ErasureStatus, NOTHING_REMOVED } from './domain/erasure.js';

@Injectable()
export class ErasureRepository {
  constructor(private readonly prisma: PrismaService) {}

  async create(id: string, pseudonym: string | undefined, requestedBy: string): Promise<ErasureRequest> {
    return toRequest(await this.prisma.erasureRequest.create({ data: { id, pseudonym: pseudonym ?? null, requestedBy } }));
  }

  async find(id: string): Promise<ErasureRequest | undefined> {
    const row = await this.prisma.erasureRequest.findUnique({ where: { id } });
    return row ? toRequest(row) : undefined;
  }

  /** Moves a pending (or retried running) request to running; undefined once it has ended. */
  async start(id: string): Promise<ErasureRequest | undefined> {
    const { count } = await this.prisma.erasureRequest.updateMany({
      where: { id, status: { in: [ErasureStatus.Pending, ErasureStatus.Running] } },
      data: { status: ErasureStatus.Running },
    });
    return count === 1 ? this.find(id) : undefined;
  }

  /** Adds one step's counts (a retried job adds only what it removed in its own attempt). */
  async addRemoved(id: string, counts: Partial<ErasureCounts>): Promise<void> {
    const request = await this.find(id);
    if (!request) return;
    const removed = { ...request.removed };
    for (const [k, v] of Object.entries(counts) as Array<[keyof ErasureCounts, number]>) removed[k] += v;
    await this.prisma.erasureRequest.update({ where: { id }, data: { removed: { ...removed } } });
  }

  /** Done: the pseudonym is no longer kept with the request. */
  async finish(id: string): Promise<void> {
    await this.prisma.erasureRequest.update({ where: { id }, data: { status: ErasureStatus.Done, pseudonym: null, completedAt: new Date() } });
  }

  /** Ids of requests in `status` since more than `olderThanMs`, oldest first (at most 1,000). */
  async stale(status: ErasureStatus, olderThanMs: number): Promise<string[]> {
    const rows = await this.prisma.erasureRequest.findMany({
      where: { status, requestedAt: { lt: new Date(Date.now() - olderThanMs) } },
      orderBy: { requestedAt: 'asc' },
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
