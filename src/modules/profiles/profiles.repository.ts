import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../infra/database/prisma.service.js';
import type { ProfileOrder } from './domain/habit-profile.js';

/** Reads purchase history as the profile sees it: orders with their distinct skus. */
@Injectable()
export class ProfilesRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Every order of these shoppers, grouped per shopper (one query for the whole batch). */
  async ordersOf(pseudonyms: string[]): Promise<Map<string, ProfileOrder[]>> {
    const out = new Map<string, ProfileOrder[]>(pseudonyms.map((p) => [p, []]));
    if (pseudonyms.length === 0) return out;
    const rows = await this.prisma.$queryRaw<Array<{ pseudonym: string; purchased_at: Date; skus: string[] }>>`
      SELECT pseudonym::text AS pseudonym, purchased_at, ARRAY(SELECT DISTINCT sku FROM unnest(skus) AS u(sku) ORDER BY sku) AS skus
      FROM order_lines
      WHERE pseudonym = ANY(${pseudonyms}::uuid[])`;
    for (const row of rows) out.get(row.pseudonym)?.push({ purchasedAt: row.purchased_at, skus: row.skus });
    return out;
  }

  /** A page of shoppers in pseudonym order, above `after` and below `before`, for rebuilds that walk everyone. */
  async shopperPage(after: string | undefined, before: string | undefined, limit: number): Promise<string[]> {
    const rows = await this.prisma.$queryRaw<Array<{ pseudonym: string }>>`
      SELECT pseudonym::text AS pseudonym FROM shoppers
      WHERE (${after ?? null}::uuid IS NULL OR pseudonym > ${after ?? null}::uuid)
        AND (${before ?? null}::uuid IS NULL OR pseudonym < ${before ?? null}::uuid)
      ORDER BY pseudonym LIMIT ${limit}`;
    return rows.map((r) => r.pseudonym);
  }

  async shopperCount(): Promise<number> {
    const [row] = await this.prisma.$queryRaw<Array<{ n: number }>>`SELECT count(*)::int AS n FROM shoppers`;
    return row?.n ?? 0;
  }
}
