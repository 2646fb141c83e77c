import { Injectable } from '@nestjs/common';
import type { KeysetCursor } from '../../common/http/pagination.js';
import { Prisma } from '../../generated/prisma/client.js';
import { PrismaService } from '../../infra/database/prisma.service.js';
import { allOfferable } from '../catalog/offerable.sql.js';
import { AUDIENCE_FIGURES, DELIVERY_FIGURES } from './delivery-figures.sql.js';
import { DatabasePools } from '../../infra/database/database-pools.js';
import type { DecidedBatch } from './domain/decision.js';
import type { OfferPayload } from '../shopper-channel/domain/offer-payload.js';

/**
 * A shopper's explicit consent choices, as the decision script takes them (`purpose=1|0,…`), and
 * the ledger position they reflect (the cache version), without which the script uses them but
 * never caches them.
 */
export interface StoredConsent {
  version?: string;
  choices: string;
}

export interface DeliveryRecord {
  deliveryId: string;
  campaignId: string;
  channel: string;
  deliveredAt: Date;
  /** What became of its push (see push/domain/push-status.ts); null when the campaign asked for none. */
  pushStatus: string | null;
  /** The consent ledger position the delivery decision read; null when unknown (stored before it was kept). */
  consentPosition: string | null;
}

/**
 * Consent as read beside the audience: explicit choices and the shopper's consent version (the
 * consent cache's ordering key, `shoppers.consent_version`, as ConsentRepository.current reads it:
 * a fill must never carry a version a later PUT could not supersede). `$p` is the pseudonym.
 */
const CHOICES = `coalesce((SELECT string_agg(s.purpose || '=' || CASE WHEN s.granted THEN '1' ELSE '0' END, ',') FROM consent_state s WHERE s.pseudonym = $p), '')`;
const VERSION = `coalesce((SELECT sh.consent_version FROM shoppers sh WHERE sh.pseudonym = $p), 0)::text`;
const about = (sql: string, pseudonym: string) => sql.replaceAll('$p', pseudonym);

/**
 * Uuids, numbers and fixed words travel as one comma-joined text each (`string_to_array(…)::type[]`):
 * node-postgres escapes every element of an array parameter, which cost more than the insert.
 */
const joined = (values: ReadonlyArray<string | number>) => values.join(',');

@Injectable()
export class OffersRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly db: DatabasePools,
  ) {}

  /** Consent state of many shoppers in one query (no row = never chosen, version 0), as ConsentRepository.current reads it. */
  async consentOf(pseudonyms: string[]): Promise<Map<string, StoredConsent>> {
    const { rows } = await this.db.fanOut.query<[string, string, string]>({
      text: `SELECT p::text, ${about(VERSION, 'p')}, ${about(CHOICES, 'p')} FROM unnest(string_to_array($1, ',')::uuid[]) p`,
      values: [joined(pseudonyms)],
      rowMode: 'array',
    });
    return new Map(rows.map(([p, version, choices]) => [p, { version, choices }]));
  }

  /**
   * A chunk's shoppers not yet decided (neither delivered nor suppressed; never the holdout),
   * with their consent choices and version as PostgreSQL holds them (one snapshot), for the
   * decision script's fallback when Redis has no copy: one query for the whole chunk instead of
   * one per cache miss. The version is the proof a delivery keeps; a fan-out does not fill the
   * consent cache with it (OfferDecider passes `bulk`).
   */
  async undecidedOfChunk(campaignId: string, chunk: number): Promise<Map<string, StoredConsent>> {
    const { rows } = await this.db.fanOut.query<[string, string, string]>({
      text: `SELECT a.pseudonym::text, ${about(VERSION, 'a.pseudonym')}, ${about(CHOICES, 'a.pseudonym')}
       FROM campaign_audience a
       WHERE a.campaign_id = $1 AND a.chunk = $2 AND NOT a.holdout
         AND NOT EXISTS (SELECT 1 FROM offer_deliveries d WHERE d.campaign_id = $1 AND d.pseudonym = a.pseudonym)
         AND NOT EXISTS (SELECT 1 FROM campaign_suppressions x WHERE x.campaign_id = $1 AND x.pseudonym = a.pseudonym)`,
      values: [campaignId, chunk],
      rowMode: 'array',
    });
    return new Map(rows.map(([p, version, choices]) => [p, { version, choices }]));
  }

  /**
   * Stores decisions in one statement (atomic, insert-only): inbox rows for deliveries (their key
   * (campaign, shopper) is the once-per-shopper rule in the database: a retried send is a no-op)
   * and suppression rows. Returns the shoppers whose delivery row is new, to be told live.
   */
  async record(campaignId: string, batch: DecidedBatch): Promise<Set<string>> {
    if (batch.delivered.length === 0 && batch.suppressed.length === 0) return new Set();
    const { delivered, suppressed } = batch;
    const { rows } = await this.db.fanOut.query<[string]>({
      text: `WITH suppressed AS (
         INSERT INTO campaign_suppressions (campaign_id, pseudonym, reason, decided_at)
         SELECT $1, p, r, ${fromMs('$8')} FROM unnest(string_to_array($6, ',')::uuid[], string_to_array($7, ',')) AS x(p, r)
         ON CONFLICT (campaign_id, pseudonym) DO NOTHING
       )
       INSERT INTO offer_deliveries (campaign_id, pseudonym, id, channel, push_status, cost_cents, delivered_at, expires_at, consent_position)
       SELECT $1, p, id, $9, $10, $11, ${fromMs('t')}, ${fromMs('ex')}, nullif(cp, '')::int8
       FROM unnest(string_to_array($2, ',')::uuid[], string_to_array($3, ',')::uuid[], string_to_array($4, ',')::int8[], string_to_array($5, ',')::int8[],
                   string_to_array($12, ',')) AS d(p, id, t, ex, cp)
       ON CONFLICT (campaign_id, pseudonym) DO NOTHING
       RETURNING pseudonym::text`,
      values: [
        campaignId,
        joined(delivered.map((d) => d.pseudonym)),
        joined(delivered.map((d) => d.id)),
        joined(delivered.map((d) => d.at)),
        joined(delivered.map((d) => d.expiresAt)),
        joined(suppressed.map((s) => s.pseudonym)),
        joined(suppressed.map((s) => s.reason)),
        batch.decidedAt,
        batch.channel,
        batch.pushStatus,
        batch.costCents,
        joined(delivered.map((d) => d.consent)),
      ],
      rowMode: 'array',
    });
    return new Set(rows.map(([p]) => p));
  }

  /**
   * The shopper's inbox: delivered in-app (or by push, once sent), not dismissed, not expired;
   * newest first, (delivered_at, id) strictly after the cursor (delivered_at is stored to the
   * millisecond, as cursors carry it).
   */
  async inbox(pseudonym: string, now: Date, limit: number, after?: KeysetCursor): Promise<OfferPayload[]> {
    const position = after ? Prisma.sql`AND (d.delivered_at, d.id) < (${after.at}, ${after.id}::uuid)` : Prisma.empty;
    const rows = await this.prisma.$queryRaw<
      Array<{
        id: string;
        campaign_id: string;
        supplier_id: string;
        supplier_name: string;
        spec: { offer: { title: string; body: string; skus: string[]; discount: OfferPayload['discount'] } };
        delivered_at: Date;
        expires_at: Date;
      }>
    >`
      SELECT d.id::text AS id, d.campaign_id::text AS campaign_id, s.id::text AS supplier_id, s.name AS supplier_name, c.spec,
             d.delivered_at, d.expires_at
      FROM offer_deliveries d JOIN campaigns c ON c.id = d.campaign_id JOIN suppliers s ON s.id = c.supplier_id
      WHERE d.pseudonym = ${pseudonym}::uuid AND d.expires_at > ${now} AND d.dismissed_at IS NULL
        AND (d.channel = 'in_app' OR d.push_status = 'sent') ${position}
        -- An inactive product is never offered: an offer of a product deactivated since leaves the inbox.
        AND ${allOfferable(Prisma.raw('c.offer_skus'))}
      ORDER BY d.delivered_at DESC, d.id DESC LIMIT ${limit}`;
    return rows.map((r) => ({
      deliveryId: r.id,
      campaignId: r.campaign_id,
      supplier: { id: r.supplier_id, name: r.supplier_name },
      title: r.spec.offer.title,
      body: r.spec.offer.body,
      skus: r.spec.offer.skus,
      discount: r.spec.offer.discount,
      deliveredAt: r.delivered_at.toISOString(),
      expiresAt: r.expires_at.toISOString(),
    }));
  }

  /** Sets seen (and dismissed) once; false when the delivery is not the shopper's. */
  async mark(pseudonym: string, deliveryId: string, what: 'seen' | 'dismissed'): Promise<boolean> {
    const dismiss = what === 'dismissed';
    const n = await this.prisma.$executeRaw`
      UPDATE offer_deliveries SET seen_at = coalesce(seen_at, now()),
             dismissed_at = CASE WHEN ${dismiss} THEN coalesce(dismissed_at, now()) ELSE dismissed_at END
      WHERE id = ${deliveryId}::uuid AND pseudonym = ${pseudonym}::uuid`;
    return n === 1;
  }

  /**
   * Erasure: deletes the shopper's audience, delivery and suppression rows, first adding what
   * they counted to each campaign's erased tallies, in one transaction (a retried erasure finds
   * nothing left to count twice): a campaign's spend and figures do not move when a shopper is erased.
   */
  async erase(pseudonym: string): Promise<{ deliveries: number; suppressions: number; audiences: number }> {
    const [, deliveries, suppressions, audiences] = await this.prisma.$transaction([
      this.prisma.$executeRaw`
        INSERT INTO campaign_erased_tallies AS t (campaign_id, audience, holdout, deferred, converted_treatment, converted_holdout,
          delivered, in_app, push, push_failed, seen, spent_cents, no_consent, frequency_cap, budget, failed, other_suppressed)
        SELECT c.campaign_id,
               (a.campaign_id IS NOT NULL)::int,
               coalesce(${AUDIENCE_FIGURES.holdout}, false)::int,
               coalesce(${AUDIENCE_FIGURES.deferred}, false)::int,
               coalesce(${AUDIENCE_FIGURES.convertedTreatment}, false)::int,
               coalesce(${AUDIENCE_FIGURES.convertedHoldout}, false)::int,
               (d.campaign_id IS NOT NULL)::int,
               coalesce(${DELIVERY_FIGURES.inApp}, false)::int,
               coalesce(${DELIVERY_FIGURES.push}, false)::int,
               coalesce(${DELIVERY_FIGURES.pushFailed}, false)::int,
               coalesce(${DELIVERY_FIGURES.seen}, false)::int,
               coalesce(d.cost_cents, 0),
               -- As the stats count them: a suppression only where no delivery was stored.
               coalesce(x.reason = 'no_consent', false)::int,
               coalesce(x.reason = 'frequency_cap', false)::int,
               coalesce(x.reason = 'budget', false)::int,
               coalesce(x.reason = 'failed', false)::int,
               coalesce(x.reason NOT IN ('no_consent', 'frequency_cap', 'budget', 'failed'), false)::int
        FROM (SELECT campaign_id FROM campaign_audience WHERE pseudonym = ${pseudonym}::uuid
              UNION SELECT campaign_id FROM offer_deliveries WHERE pseudonym = ${pseudonym}::uuid
              UNION SELECT campaign_id FROM campaign_suppressions WHERE pseudonym = ${pseudonym}::uuid) c
        JOIN campaigns ON campaigns.id = c.campaign_id
        LEFT JOIN campaign_audience a ON a.campaign_id = c.campaign_id AND a.pseudonym = ${pseudonym}::uuid
        LEFT JOIN offer_deliveries d ON d.campaign_id = c.campaign_id AND d.pseudonym = ${pseudonym}::uuid
        LEFT JOIN campaign_suppressions x ON x.campaign_id = c.campaign_id AND x.pseudonym = ${pseudonym}::uuid AND d.campaign_id IS NULL
        ON CONFLICT (campaign_id) DO UPDATE SET
          audience = t.audience + EXCLUDED.audience, holdout = t.holdout + EXCLUDED.holdout, deferred = t.deferred + EXCLUDED.deferred,
          converted_treatment = t.converted_treatment + EXCLUDED.converted_treatment, converted_holdout = t.converted_holdout + EXCLUDED.converted_holdout,
          delivered = t.delivered + EXCLUDED.delivered, in_app = t.in_app + EXCLUDED.in_app, push = t.push + EXCLUDED.push,
          push_failed = t.push_failed + EXCLUDED.push_failed, seen = t.seen + EXCLUDED.seen, spent_cents = t.spent_cents + EXCLUDED.spent_cents,
          no_consent = t.no_consent + EXCLUDED.no_consent, frequency_cap = t.frequency_cap + EXCLUDED.frequency_cap,
          budget = t.budget + EXCLUDED.budget, failed = t.failed + EXCLUDED.failed, other_suppressed = t.other_suppressed + EXCLUDED.other_suppressed`,
      this.prisma.offerDelivery.deleteMany({ where: { pseudonym } }),
      this.prisma.campaignSuppression.deleteMany({ where: { pseudonym } }),
      this.prisma.campaignAudience.deleteMany({ where: { pseudonym } }),
    ]);
    return { deliveries: deliveries.count, suppressions: suppressions.count, audiences: audiences.count };
  }

  async deliveriesOf(pseudonym: string): Promise<DeliveryRecord[]> {
    const rows = await this.prisma.offerDelivery.findMany({ where: { pseudonym }, orderBy: { deliveredAt: 'desc' } });
    return rows.map((r) => ({
      deliveryId: r.id,
      campaignId: r.campaignId,
      channel: r.channel,
      deliveredAt: r.deliveredAt,
      pushStatus: r.pushStatus,
      consentPosition: r.consentPosition === null ? null : r.consentPosition.toString(),
    }));
  }
}

/** A timestamptz from milliseconds since the epoch, exactly (no floating point). */
function fromMs(expression: string): string {
  return `(timestamptz 'epoch' + ${expression}::int8 * interval '1 millisecond')`;
}
