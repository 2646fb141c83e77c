import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../infra/database/prisma.service.js';

/** The set-based reads and bookkeeping of a retention run (purges themselves belong to their modules). */
@Injectable()
export class RetentionRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Notes the shoppers with purchases before `cutoff` (their profiles are rebuilt after the purge). */
  async notePurchasesBefore(cutoff: Date): Promise<number> {
    return this.prisma.$executeRaw`
      INSERT INTO retention_pending_profiles (pseudonym)
      SELECT DISTINCT pseudonym FROM orders WHERE purchased_at < ${cutoff}
      ON CONFLICT (pseudonym) DO NOTHING`;
  }

  /**
   * The next shoppers whose profile is to be rebuilt, after `after`. Notes about shoppers erased
   * meanwhile, or being erased, are dropped: rebuilding would bring a profile back for them.
   */
  async pendingProfiles(after: string | undefined, limit: number): Promise<string[]> {
    await this.prisma.$executeRaw`
      DELETE FROM retention_pending_profiles r
      WHERE NOT EXISTS (SELECT 1 FROM shoppers s WHERE s.pseudonym = r.pseudonym)
         OR EXISTS (SELECT 1 FROM erasure_requests e WHERE e.pseudonym = r.pseudonym)`;
    const rows = await this.prisma.retentionPendingProfile.findMany({
      where: after ? { pseudonym: { gt: after } } : {},
      orderBy: { pseudonym: 'asc' },
      take: limit,
    });
    return rows.map((r) => r.pseudonym);
  }

  /** Erasure: a note about the shopper left by an interrupted run (or one given up on). */
  async forgetShopper(pseudonym: string): Promise<number> {
    return this.prisma.$executeRaw`DELETE FROM retention_pending_profiles WHERE pseudonym = ${pseudonym}::uuid`;
  }

  async profilesDone(pseudonyms: string[]): Promise<void> {
    await this.prisma.retentionPendingProfile.deleteMany({ where: { pseudonym: { in: pseudonyms } } });
  }

  /**
   * Shoppers inactive since `cutoff`: no sign of life (sign-in, see IdentityService.markActive)
   * and no purchase since then, and no erasure already under way for them.
   */
  async inactiveShoppers(cutoff: Date, after: string | undefined, limit: number): Promise<string[]> {
    const rows = await this.prisma.$queryRaw<Array<{ pseudonym: string }>>`
      SELECT s.pseudonym::text AS pseudonym FROM shoppers s
      WHERE s.last_active_at < ${cutoff}
        AND s.pseudonym > ${after ?? '00000000-0000-0000-0000-000000000000'}::uuid
        AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.pseudonym = s.pseudonym AND o.purchased_at >= ${cutoff})
      ORDER BY s.pseudonym
      LIMIT ${limit}`;
    return rows.map((r) => r.pseudonym);
  }
}
