import { Injectable } from '@nestjs/common';
import { Prisma } from '../../generated/prisma/client.js';
import { DatabasePools } from '../../infra/database/database-pools.js';
import { PrismaService } from '../../infra/database/prisma.service.js';
import { type AudienceRule, effectiveRule } from './domain/campaign.js';

export type Basis = 'consent' | 'legitimate_interest';

export interface AudienceSize {
  audience: number;
  holdout: number;
  /** Fan-out chunks of the treated shoppers (0 … chunks-1). */
  chunks: number;
}

/** Fixing a multi-million-shopper audience is one long statement; Prisma's default (5 s) is too short. */
const FIX_TIMEOUT_MS = 10 * 60_000;
/** Memory per sort or hash of that statement (a launch is rare; a million shoppers needed about 130 MB to stay in memory). */
const FIX_WORK_MEM = '128MB';

/** Who a campaign may reach: its rules, the moment they are evaluated, and the purposes it needs. */
export interface AudienceQuery {
  include: AudienceRule[];
  exclude: AudienceRule[];
  at: Date;
  purposes: Array<{ purpose: string; basis: Basis }>;
}

/**
 * Audiences, set-based in PostgreSQL: each rule is one GROUP BY over order_lines (a row per
 * order; categories and brands turned into their skus), rules are combined with INTERSECT / EXCEPT, and shoppers
 * without the purposes the campaign needs are left out from the start. No shopper is looked at
 * one by one in JavaScript.
 */
@Injectable()
export class AudienceRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly pools: DatabasePools,
  ) {}

  /** A marketer's rules shape this query: it runs on the reports' pool (the read replica's, with one), under their statement timeout. */
  async estimate(q: AudienceQuery): Promise<number> {
    const query = Prisma.sql`SELECT count(*) AS n FROM (${eligibleSql(q)}) e`;
    const { rows } = await this.pools.report('audience', (client) => client.query<{ n: string }>(query.text, query.values));
    return Number(rows[0].n);
  }

  /**
   * Fixes the audience of a launched campaign in one transaction: stamps audience_fixed_at
   * (compare-and-set: undefined when it was already fixed, by an earlier attempt of the launch
   * job) and inserts every eligible shopper with one INSERT … SELECT, with the deterministic
   * holdout draw (domain/holdout.ts) and the fan-out chunk of each treated one (holdout rows are
   * never sent, so only treated rows are numbered).
   */
  async fix(campaignId: string, q: AudienceQuery, holdoutPercent: number, chunkSize: number): Promise<AudienceSize | undefined> {
    return this.prisma.$transaction(
      async (tx) => {
        const stamped = await tx.$executeRaw`
          UPDATE campaigns SET audience_fixed_at = now(), updated_at = now()
          WHERE id = ${campaignId}::uuid AND audience_fixed_at IS NULL`;
        if (stamped !== 1) return undefined;
        // One statement sorts and hashes the whole audience: with the default 4 MB it spilled to disk.
        await tx.$executeRawUnsafe(`SET LOCAL work_mem = '${FIX_WORK_MEM}'`);
        const [row] = await tx.$queryRaw<Array<{ audience: bigint; holdout: bigint; chunks: number | null }>>`
          WITH drawn AS (
            SELECT e.pseudonym,
                   (('x' || substr(md5(${campaignId}::text || e.pseudonym::text), 1, 8))::bit(32)::bigint % 100) < ${holdoutPercent} AS holdout
            FROM (${eligibleSql(q)}) e
          ), ins AS (
            INSERT INTO campaign_audience (campaign_id, pseudonym, chunk, holdout)
            SELECT ${campaignId}::uuid, pseudonym,
                   ((row_number() OVER (PARTITION BY holdout ORDER BY pseudonym)) - 1)::int / ${chunkSize}::int, holdout
            FROM drawn
            RETURNING holdout, chunk
          )
          SELECT count(*) AS audience, count(*) FILTER (WHERE holdout) AS holdout,
                 (max(chunk) FILTER (WHERE NOT holdout)) + 1 AS chunks
          FROM ins`;
        return { audience: Number(row.audience), holdout: Number(row.holdout), chunks: row.chunks ?? 0 };
      },
      { timeout: FIX_TIMEOUT_MS, maxWait: 10_000 },
    );
  }

  /** One page of the treated shoppers (not the holdout), in pseudonym order, for the cart-trigger set. */
  async treatedPage(campaignId: string, after: string | null, limit: number): Promise<string[]> {
    const rows = await this.prisma.$queryRaw<Array<{ pseudonym: string }>>`
      SELECT pseudonym::text AS pseudonym FROM campaign_audience
      WHERE campaign_id = ${campaignId}::uuid AND NOT holdout ${after ? Prisma.sql`AND pseudonym > ${after}::uuid` : Prisma.empty}
      ORDER BY pseudonym LIMIT ${limit}`;
    return rows.map((r) => r.pseudonym);
  }

  /** The skus of the catalog in these categories (a cart trigger on a category fires on them too). */
  async skusInCategories(categories: string[]): Promise<string[]> {
    if (categories.length === 0) return [];
    const rows = await this.prisma.$queryRaw<Array<{ sku: string }>>`SELECT sku FROM products WHERE category = ANY(${categories}::text[])`;
    return rows.map((r) => r.sku);
  }
}

/** The pseudonyms of the eligible shoppers, as a sub-select. */
function eligibleSql(q: AudienceQuery): Prisma.Sql {
  const includes = q.include.map((r) => ruleSql(r, q.at));
  const excludes = q.exclude.map((r) => ruleSql(r, q.at));
  const combined = Prisma.join(
    [Prisma.join(includes, ' INTERSECT '), ...excludes].map((s) => Prisma.sql`(${s})`),
    ' EXCEPT ',
  );
  const consent = q.purposes.map(({ purpose, basis }) =>
    basis === 'consent'
      ? Prisma.sql`AND EXISTS (SELECT 1 FROM consent_state s WHERE s.pseudonym = c.pseudonym AND s.purpose = ${purpose} AND s.granted)`
      : Prisma.sql`AND NOT EXISTS (SELECT 1 FROM consent_state s WHERE s.pseudonym = c.pseudonym AND s.purpose = ${purpose} AND NOT s.granted)`,
  );
  return Prisma.sql`SELECT c.pseudonym FROM (${combined}) c WHERE true ${Prisma.join(consent, ' ')}`;
}

/**
 * Shoppers who bought any of the rule's skus, categories or brands in ≥ minPurchases orders within
 * withinDays of `at`. A row of order_lines is an order, so orders are counted by count(*), and the
 * rule's products become one sku array matched with `&&` (which the GIN index on skus serves).
 */
function ruleSql(rule: AudienceRule, at: Date): Prisma.Sql {
  const fromCatalog: Prisma.Sql[] = [];
  if (rule.categories?.length) fromCatalog.push(Prisma.sql`category = ANY(${rule.categories}::text[])`);
  if (rule.brands?.length) fromCatalog.push(Prisma.sql`brand = ANY(${rule.brands}::text[])`);
  const catalogSkus = fromCatalog.length
    ? Prisma.sql` || ARRAY(SELECT sku FROM products WHERE ${Prisma.join(fromCatalog, ' OR ')})`
    : Prisma.empty;
  const skus = Prisma.sql`(${rule.skus ?? []}::text[]${catalogSkus})`;
  const since = rule.withinDays
    ? Prisma.sql`AND l.purchased_at > ${at}::timestamptz - make_interval(days => ${rule.withinDays}::int)`
    : Prisma.empty;
  return Prisma.sql`
    SELECT l.pseudonym FROM order_lines l
    WHERE l.purchased_at <= ${at}::timestamptz ${since} AND l.skus && ${skus}
    GROUP BY l.pseudonym HAVING count(*) >= ${effectiveRule(rule).minPurchases}::int`;
}
