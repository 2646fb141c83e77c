import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../infra/prisma/prisma.service.js';
import { DeliveryDatabase } from './delivery-database.js';
import type { DecidedSend } from './domain/decision.js';
import type { OfferPayload } from './domain/offer.js';

/** A shopper's explicit consent choices and the ledger position they reflect (the cache version). */
export interface StoredConsent {
  version: string;
  choices: Record<string, boolean>;
}

export interface DeliveryRecord {
  deliveryId: string;
  campaignId: string;
  channel: string;
  deliveredAt: Date;
}

/**
 * Consent as read beside the audience: explicit choices and the shopper's consent version (the
 * consent cache's ordering key, `shoppers.consent_version`, as ConsentRepository.current reads it:
 * a fill must never carry a version a later PUT could not supersede). Needs `sh` and `s` joined.
 */
const CONSENT_COLUMNS = `coalesce(sh.consent_version, 0)::text AS version,
       coalesce(json_object_agg(s.purpose, s.granted) FILTER (WHERE s.purpose IS NOT NULL), '{}'::json) AS choices`;

@Injectable()
export class OffersRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly db: DeliveryDatabase,
  ) {}

  /** Consent state of many shoppers in one query (no row = never chosen, version 0), as ConsentRepository.current reads it. */
  async consentOf(pseudonyms: string[]): Promise<Map<string, StoredConsent>> {
    const { rows } = await this.db.pool.query<{ pseudonym: string; version: string; choices: Record<string, boolean> }>(
      `SELECT p::text AS pseudonym, ${CONSENT_COLUMNS}
       FROM unnest($1::uuid[]) p LEFT JOIN shoppers sh ON sh.pseudonym = p LEFT JOIN consent_state s ON s.pseudonym = p
       GROUP BY p, sh.consent_version`,
      [pseudonyms],
    );
    return new Map(rows.map((r) => [r.pseudonym, { version: r.version, choices: r.choices }]));
  }

  /**
   * A chunk's shoppers not yet decided (neither delivered nor suppressed; never the holdout),
   * with their consent as PostgreSQL holds it, for the decision script's fallback when Redis has
   * no copy: one query for the whole chunk instead of one per cache miss.
   */
  async undecidedOfChunk(campaignId: string, chunk: number): Promise<Map<string, StoredConsent>> {
    const { rows } = await this.db.pool.query<{ pseudonym: string; version: string; choices: Record<string, boolean> }>(
      `SELECT a.pseudonym::text AS pseudonym, ${CONSENT_COLUMNS}
       FROM campaign_audience a LEFT JOIN shoppers sh ON sh.pseudonym = a.pseudonym LEFT JOIN consent_state s ON s.pseudonym = a.pseudonym
       WHERE a.campaign_id = $1 AND a.chunk = $2 AND NOT a.holdout
         AND NOT EXISTS (SELECT 1 FROM offer_deliveries d WHERE d.campaign_id = $1 AND d.pseudonym = a.pseudonym)
         AND NOT EXISTS (SELECT 1 FROM campaign_suppressions x WHERE x.campaign_id = $1 AND x.pseudonym = a.pseudonym)
       GROUP BY a.pseudonym, sh.consent_version`,
      [campaignId, chunk],
    );
    return new Map(rows.map((r) => [r.pseudonym, { version: r.version, choices: r.choices }]));
  }

  /**
   * Stores decisions in one statement (atomic, insert-only): inbox rows for deliveries (their key
   * (campaign, shopper) makes a retried send a no-op) and suppression rows. Returns the shoppers
   * whose delivery row is new, to be told live.
   */
  async record(campaignId: string, sends: DecidedSend[]): Promise<Set<string>> {
    if (sends.length === 0) return new Set();
    const delivered = sends.flatMap((s) => ('delivery' in s ? [{ ...s.delivery, pseudonym: s.pseudonym, at: s.at }] : []));
    const suppressed = sends.flatMap((s) => ('suppressed' in s ? [s] : []));
    const { rows } = await this.db.pool.query<{ pseudonym: string }>(
      `WITH suppressed AS (
         INSERT INTO campaign_suppressions (campaign_id, pseudonym, reason, decided_at)
         SELECT $1, p, r, t FROM unnest($9::uuid[], $10::text[], $11::timestamptz[]) AS x(p, r, t)
         ON CONFLICT (campaign_id, pseudonym) DO NOTHING
       )
       INSERT INTO offer_deliveries (campaign_id, pseudonym, id, channel, push_status, cost_cents, delivered_at, expires_at)
       SELECT $1, p, id, ch, ps, cost, t, ex
       FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::int[], $7::timestamptz[], $8::timestamptz[]) AS d(p, id, ch, ps, cost, t, ex)
       ON CONFLICT (campaign_id, pseudonym) DO NOTHING
       RETURNING pseudonym::text AS pseudonym`,
      [
        campaignId,
        delivered.map((d) => d.pseudonym),
        delivered.map((d) => d.id),
        delivered.map((d) => d.channel),
        delivered.map((d) => d.pushStatus),
        delivered.map((d) => d.costCents),
        delivered.map((d) => d.at),
        delivered.map((d) => d.expiresAt),
        suppressed.map((s) => s.pseudonym),
        suppressed.map((s) => s.suppressed),
        suppressed.map((s) => s.at),
      ],
    );
    return new Set(rows.map((r) => r.pseudonym));
  }

  /** The shopper's inbox: delivered, not dismissed, not expired; newest first. */
  async inbox(pseudonym: string, now: Date, limit: number): Promise<OfferPayload[]> {
    const rows = await this.prisma.$queryRaw<Array<{ id: string; campaign_id: string; supplier_id: string; supplier_name: string; spec: { offer: { title: string; body: string; skus: string[]; discount: OfferPayload['discount'] } }; delivered_at: Date; expires_at: Date }>>`
      SELECT d.id::text AS id, d.campaign_id::text AS campaign_id, s.id::text AS supplier_id, s.name AS supplier_name, c.spec,
             d.delivered_at, d.expires_at
      FROM offer_deliveries d JOIN campaigns c ON c.id = d.campaign_id JOIN suppliers s ON s.id = c.supplier_id
      WHERE d.pseudonym = ${pseudonym}::uuid AND d.expires_at > ${now} AND d.dismissed_at IS NULL
      ORDER BY d.delivered_at DESC LIMIT ${limit}`;
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

  /** Erasure: every campaign trace of the shopper (deliveries, suppressions, audience rows), in one transaction. */
  async erase(pseudonym: string): Promise<{ deliveries: number; suppressions: number; audiences: number }> {
    const [deliveries, suppressions, audiences] = await this.prisma.$transaction([
      this.prisma.offerDelivery.deleteMany({ where: { pseudonym } }),
      this.prisma.campaignSuppression.deleteMany({ where: { pseudonym } }),
      this.prisma.campaignAudience.deleteMany({ where: { pseudonym } }),
    ]);
    return { deliveries: deliveries.count, suppressions: suppressions.count, audiences: audiences.count };
  }

  async deliveriesOf(pseudonym: string): Promise<DeliveryRecord[]> {
    const rows = await this.prisma.offerDelivery.findMany({ where: { pseudonym }, orderBy: { deliveredAt: 'desc' } });
    return rows.map((r) => ({ deliveryId: r.id, campaignId: r.campaignId, channel: r.channel, deliveredAt: r.deliveredAt }));
  }
}
