import { Injectable } from '@nestjs/common';
import { Prisma } from '../../generated/prisma/client.js';
import { PrismaService } from '../../infra/database/prisma.service.js';

/** Audience rows (alias `a`) whose send is not decided: neither delivered nor suppressed. */
export const undecided = Prisma.sql`
  AND NOT EXISTS (SELECT 1 FROM offer_deliveries d WHERE d.campaign_id = a.campaign_id AND d.pseudonym = a.pseudonym)
  AND NOT EXISTS (SELECT 1 FROM campaign_suppressions x WHERE x.campaign_id = a.campaign_id AND x.pseudonym = a.pseudonym)`;

/** The fan-out's reads and marks on the audience of a launched campaign. */
@Injectable()
export class DispatchRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** The chunks that still have undecided shoppers (to re-enqueue on resume). */
  async queuedChunks(campaignId: string): Promise<number[]> {
    const rows = await this.prisma.$queryRaw<Array<{ chunk: number }>>`
      SELECT DISTINCT a.chunk FROM campaign_audience a
      WHERE a.campaign_id = ${campaignId}::uuid AND NOT a.holdout ${undecided}
      ORDER BY a.chunk`;
    return rows.map((r) => r.chunk);
  }

  /** How many fan-out chunks the campaign's treated shoppers make. */
  async chunkCount(campaignId: string): Promise<number> {
    const [row] = await this.prisma.$queryRaw<Array<{ n: number | null }>>`
      SELECT max(chunk) + 1 AS n FROM campaign_audience WHERE campaign_id = ${campaignId}::uuid AND NOT holdout`;
    return row.n ?? 0;
  }

  /** Marks the chunk's undecided shoppers as deferred by quiet hours (counted once each). */
  async markDeferred(campaignId: string, chunk: number): Promise<void> {
    await this.prisma.$executeRaw`
      UPDATE campaign_audience a SET deferred_at = now()
      WHERE a.campaign_id = ${campaignId}::uuid AND a.chunk = ${chunk}::int AND NOT a.holdout AND a.deferred_at IS NULL ${undecided}`;
  }

  /**
   * What the campaign has spent, from the inbox rows and the erased shoppers' tally (seeds the
   * Redis budget counter if it was lost: an erasure must not give the budget back).
   */
  async spentCents(campaignId: string): Promise<number> {
    const [row] = await this.prisma.$queryRaw<Array<{ spent: bigint }>>`
      SELECT ((SELECT coalesce(sum(cost_cents), 0) FROM offer_deliveries WHERE campaign_id = ${campaignId}::uuid)
            + (SELECT coalesce(sum(spent_cents), 0) FROM campaign_erased_tallies WHERE campaign_id = ${campaignId}::uuid))::bigint AS spent`;
    return Number(row.spent);
  }
}
