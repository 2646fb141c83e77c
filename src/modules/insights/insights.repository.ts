import { Injectable } from '@nestjs/common';
import { Prisma } from '../../generated/prisma/client.js';
import { DatabasePools } from '../../infra/database/database-pools.js';
import { PrismaService } from '../../infra/database/prisma.service.js';
import type { LegalBasis } from '../consent/domain/consent.js';
import { type CampaignFigures, fewestPerEdge, type ReportCell } from './domain/k-anonymity.js';

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
  constructor(
    private readonly prisma: PrismaService,
    private readonly pools: DatabasePools,
  ) {}

  /** The skus among these that belong to the supplier. */
  async ownedSkus(supplierId: string, skus: string[]): Promise<Set<string>> {
    const rows = await this.prisma.product.findMany({ where: { sku: { in: skus }, supplierId }, select: { sku: true } });
    return new Set(rows.map((r) => r.sku));
  }

  /**
   * Buyers, baskets and units of these skus per group, over purchases in [from, to) (whole UTC
   * months), counting only shoppers whose `supplier_insights` purpose allowed it at `consentAsOf`
   * (see `allowedAsOf`), with the fewest buyers of any one sku per group and, per month of the
   * window, how many buyers bought first and last in it (see fewestPerEdge). The supplier shapes it
   * (skus, period): it runs on the reports' pool, under their statement timeout.
   */
  async productCells(
    skus: string[],
    groupBy: GroupBy,
    window: { from: Date; to: Date; months: number },
    basis: LegalBasis,
    consentAsOf: Date,
  ): Promise<ReportCell[]> {
    const { from, to } = window;
    const needsOrder = groupBy === 'channel' || groupBy === 'store';
    // Each part is aggregated once per group, then joined: per-group subqueries in the final
    // select ran once per purchased line (minutes for a popular sku, see bench/insights.ts).
    const query = Prisma.sql`
        WITH lines AS (
          SELECT l.pseudonym, l.order_id, l.purchased_at, u.sku, u.qty,
                 ((extract(year FROM l.purchased_at AT TIME ZONE 'UTC') - extract(year FROM ${from}::timestamptz AT TIME ZONE 'UTC')) * 12
                  + extract(month FROM l.purchased_at AT TIME ZONE 'UTC') - extract(month FROM ${from}::timestamptz AT TIME ZONE 'UTC'))::int AS mi
          FROM (SELECT * FROM order_lines l
                WHERE l.skus && ${skus}::text[] AND l.purchased_at >= ${from} AND l.purchased_at < ${to} AND ${allowedAsOf(basis, consentAsOf)}) l
          CROSS JOIN LATERAL unnest(l.skus, l.quantities) AS u(sku, qty)
          WHERE u.sku = ANY(${skus}::text[])
        ), grouped AS (
          SELECT ${GROUP_SQL[groupBy]} AS grp, l.* FROM lines l ${needsOrder ? Prisma.sql`JOIN orders o ON o.order_id = l.order_id` : Prisma.empty}
        ), per_sku AS (
          SELECT grp, min(n) AS fewest FROM (SELECT grp, sku, count(DISTINCT pseudonym) AS n FROM grouped GROUP BY grp, sku) s GROUP BY grp
        ), spans AS (
          SELECT grp, pseudonym, min(mi) AS fm, max(mi) AS lm FROM grouped GROUP BY grp, pseudonym
        ), firsts AS (
          SELECT grp, jsonb_object_agg(fm, n) AS firsts FROM (SELECT grp, fm, count(*) AS n FROM spans GROUP BY grp, fm) f GROUP BY grp
        ), lasts AS (
          SELECT grp, jsonb_object_agg(lm, n) AS lasts FROM (SELECT grp, lm, count(*) AS n FROM spans GROUP BY grp, lm) x GROUP BY grp
        ), totals AS (
          SELECT grp, count(DISTINCT pseudonym) AS buyers, count(DISTINCT order_id) AS baskets, sum(qty)::bigint AS units FROM grouped GROUP BY grp
        )
        SELECT t.grp, t.buyers, t.baskets, t.units, p.fewest, f.firsts, x.lasts
        FROM totals t JOIN per_sku p USING (grp) JOIN firsts f USING (grp) JOIN lasts x USING (grp)
        ORDER BY t.grp`;
    // node-postgres reads bigint counts as strings, jsonb as objects.
    const { rows } = await this.pools.report('insights', (client) =>
      client.query<{
        grp: string;
        buyers: string;
        baskets: string;
        units: string;
        fewest: string;
        firsts: Record<string, number> | null;
        lasts: Record<string, number> | null;
      }>(query.text, query.values),
    );
    const counts = (o: Record<string, number> | null) => new Map(Object.entries(o ?? {}).map(([m, n]) => [Number(m), Number(n)]));
    return rows.map((r) => ({
      group: groupBy === 'weekday' ? WEEKDAYS[Number(r.grp) - 1] : r.grp,
      buyers: Number(r.buyers),
      baskets: Number(r.baskets),
      units: Number(r.units),
      fewestPerSku: Number(r.fewest),
      fewestPerEdge: fewestPerEdge(window.months, counts(r.firsts), counts(r.lasts)),
    }));
  }

  /**
   * A campaign's figures for its supplier, as of `cutoff` (the start of the current UTC day: a
   * report that moves during the day could be differenced), counting only shoppers whose
   * `supplier_insights` purpose allowed it at the cutoff too: an objection (or a grant) made
   * today moves the figures tomorrow, with everything else of the day, not alone.
   */
  async campaignFigures(campaignId: string, cutoff: Date, basis: LegalBasis): Promise<CampaignFigures> {
    const query = Prisma.sql`
      SELECT count(*) AS audience,
             count(*) FILTER (WHERE l.holdout) AS holdout,
             count(d.pseudonym) FILTER (WHERE d.delivered_at < ${cutoff} AND (d.channel = 'in_app' OR d.push_status = 'sent')) AS delivered,
             count(d.pseudonym) FILTER (WHERE d.seen_at < ${cutoff}) AS seen,
             count(*) FILTER (WHERE NOT l.holdout AND l.converted_at < ${cutoff}) AS converted_treatment,
             count(*) FILTER (WHERE l.holdout AND l.converted_at < ${cutoff}) AS converted_holdout
      FROM campaign_audience l
      LEFT JOIN offer_deliveries d ON d.campaign_id = l.campaign_id AND d.pseudonym = l.pseudonym
      WHERE l.campaign_id = ${campaignId}::uuid AND ${allowedAsOf(basis, cutoff)}`;
    // node-postgres reads bigint counts as strings.
    const { rows } = await this.pools.report('insights', (client) => client.query<Record<string, string>>(query.text, query.values));
    const [r] = rows;
    const n = (x: string | undefined) => Number(x ?? 0);
    return {
      audience: n(r.audience),
      holdout: n(r.holdout),
      delivered: n(r.delivered),
      seen: n(r.seen),
      convertedTreatment: n(r.converted_treatment),
      convertedHoldout: n(r.converted_holdout),
    };
  }
}

/**
 * Whether the shopper of row `l` could be counted for suppliers at `asOf` (their latest
 * `supplier_insights` decision before it, from the ledger): under legitimate interest, unless
 * they had objected; under consent, only if they had said yes. A decision made since then counts
 * from the next day's reports on, so that one change does not move a figure within the day.
 */
function allowedAsOf(basis: LegalBasis, asOf: Date): Prisma.Sql {
  const latest = Prisma.sql`(SELECT c.granted FROM consent_ledger c
    WHERE c.pseudonym = l.pseudonym AND c.purpose = 'supplier_insights' AND c.at < ${asOf} ORDER BY c.id DESC LIMIT 1)`;
  return basis === 'consent' ? Prisma.sql`coalesce(${latest}, false)` : Prisma.sql`coalesce(${latest}, true)`;
}
