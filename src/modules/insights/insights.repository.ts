import { Injectable } from '@nestjs/common';
import { Prisma } from '../../generated/prisma/client.js';
import { PrismaService } from '../../infra/prisma/prisma.service.js';
import type { ReportCell } from './domain/k-anonymity.js';

export type GroupBy = 'weekday' | 'hour' | 'channel' | 'store';

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** The group of a purchased line, in SQL (times in UTC). */
const GROUP_SQL: Record<GroupBy, Prisma.Sql> = {
  weekday: Prisma.sql`extract(isodow FROM l.purchased_at AT TIME ZONE 'UTC')::int::text`,
  hour: Prisma.sql`lpad(extract(hour FROM l.purchased_at AT TIME ZONE 'UTC')::int::text, 2, '0')`,
  channel: Prisma.sql`o.channel`,
  store: Prisma.sql`coalesce(o.store_id, '(none)')`,
};

@Injectable()
export class InsightsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** The skus among these that belong to the supplier. */
  async ownedSkus(supplierId: string, skus: string[]): Promise<Set<string>> {
    const rows = await this.prisma.product.findMany({ where: { sku: { in: skus }, supplierId }, select: { sku: true } });
    return new Set(rows.map((r) => r.sku));
  }

  /**
   * Buyers, baskets and units of these skus per group, over purchases in [from, to), counting only
   * shoppers whose `supplier_insights` purpose allows it: every shopper who did not object when
   * the purpose rests on legitimate interest, only those who said yes when it rests on consent.
   */
  async productCells(skus: string[], groupBy: GroupBy, from: Date, to: Date, consentBasis: 'consent' | 'legitimate_interest'): Promise<ReportCell[]> {
    const allowed =
      consentBasis === 'consent'
        ? Prisma.sql`EXISTS (SELECT 1 FROM consent_state c WHERE c.pseudonym = l.pseudonym AND c.purpose = 'supplier_insights' AND c.granted)`
        : Prisma.sql`NOT EXISTS (SELECT 1 FROM consent_state c WHERE c.pseudonym = l.pseudonym AND c.purpose = 'supplier_insights' AND NOT c.granted)`;
    const rows = await this.prisma.$queryRaw<Array<{ grp: string; buyers: bigint; baskets: bigint; units: bigint }>>`
      SELECT ${GROUP_SQL[groupBy]} AS grp, count(DISTINCT l.pseudonym) AS buyers, count(DISTINCT l.order_id) AS baskets, sum(u.qty)::bigint AS units
      FROM order_lines l
      CROSS JOIN LATERAL unnest(l.skus, l.quantities) AS u(sku, qty)
      JOIN orders o ON o.order_id = l.order_id
      WHERE l.skus && ${skus}::text[] AND u.sku = ANY(${skus}::text[])
        AND l.purchased_at >= ${from} AND l.purchased_at < ${to}
        AND ${allowed}
      GROUP BY 1 ORDER BY 1`;
    return rows.map((r) => ({
      group: groupBy === 'weekday' ? WEEKDAYS[Number(r.grp) - 1] : r.grp,
      buyers: Number(r.buyers),
      baskets: Number(r.baskets),
      units: Number(r.units),
    }));
  }
}
