import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../infra/database/prisma.service.js';
import type { RecordedOrder } from '../purchases/orders-recorded.event.js';

@Injectable()
export class ConversionsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Marks the audience members these orders convert; returns how many converted for the first time. */
  async record(orders: RecordedOrder[]): Promise<number> {
    if (orders.length === 0) return 0;
    const earliest = new Date(Math.min(...orders.map((o) => o.purchasedAt.getTime())));
    const [open] = await this.prisma.$queryRaw<Array<{ open: boolean }>>`
      SELECT EXISTS (SELECT 1 FROM campaigns WHERE launched_at IS NOT NULL
                     AND launched_at + make_interval(days => valid_days) > ${earliest}) AS open`;
    if (!open.open) return 0;
    const lines = orders.flatMap((o) => o.skus.map((sku) => ({ pseudonym: o.pseudonym, at: o.purchasedAt, sku })));
    const converted = await this.prisma.$executeRaw`
      WITH o AS (
        SELECT * FROM unnest(${lines.map((l) => l.pseudonym)}::uuid[], ${lines.map((l) => l.at)}::timestamptz[], ${lines.map((l) => l.sku)}::text[])
          AS o(pseudonym, purchased_at, sku)
      ), hits AS (
        SELECT a.campaign_id, a.pseudonym, min(o.purchased_at) AS at
        FROM o JOIN campaign_audience a ON a.pseudonym = o.pseudonym JOIN campaigns c ON c.id = a.campaign_id
        WHERE c.launched_at IS NOT NULL AND o.purchased_at >= c.launched_at
          AND o.purchased_at < c.launched_at + make_interval(days => c.valid_days) AND o.sku = ANY(c.offer_skus)
        GROUP BY a.campaign_id, a.pseudonym
      )
      UPDATE campaign_audience a SET converted_at = hits.at FROM hits
      WHERE a.campaign_id = hits.campaign_id AND a.pseudonym = hits.pseudonym AND a.converted_at IS NULL`;
    return converted;
  }
}
