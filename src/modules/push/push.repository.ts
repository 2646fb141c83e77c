import { Injectable } from '@nestjs/common';
import { Prisma } from '../../generated/prisma/client.js';
import { PrismaService } from '../../infra/prisma/prisma.service.js';
import { allOfferable } from '../catalog/offerable.sql.js';
import type { OfferForPush } from './domain/push-message.js';
import type { PushStatus } from './domain/push-status.js';

/** A delivery whose push is to be sent. */
export interface PushDelivery {
  campaignId: string;
  pseudonym: string;
  deliveryId: string;
}

/** A delivery as the push sender reads it at the moment of sending. */
export interface SendableDelivery {
  pushStatus: string | null;
  /** The campaign's status now: a paused or cancelled campaign sends no more pushes. */
  campaignStatus: string;
  /** Every offered product is in the catalog and active. */
  offerable: boolean;
  /** The shopper dismissed the offer (in the app). */
  dismissed: boolean;
  offer: OfferForPush;
}

/**
 * The push side of the inbox rows (`offer_deliveries.push_status`, written by the delivery module
 * with `pending` or `unavailable`): which pending deliveries to push, what to push, and the final
 * status, written once.
 */
@Injectable()
export class PushRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * A fan-out chunk's deliveries still `pending` (all of them, not only this attempt's: a worker
   * that died between storing and enqueueing leaves some behind): those of shoppers without any
   * device are settled `no_device` in the same statement (no job for them; most shoppers of a
   * large audience have no device), the others are returned to be enqueued.
   */
  async pendingOfChunk(campaignId: string, chunk: number): Promise<{ toSend: PushDelivery[]; noDevice: number }> {
    const rows = await this.prisma.$queryRaw<Array<{ kind: string; pseudonym: string; id: string | null }>>`
      WITH pending AS (
        SELECT d.pseudonym, d.id FROM offer_deliveries d
        JOIN campaign_audience a ON a.campaign_id = d.campaign_id AND a.pseudonym = d.pseudonym
        WHERE d.campaign_id = ${campaignId}::uuid AND a.chunk = ${chunk} AND d.push_status = 'pending'
      ), none AS (
        UPDATE offer_deliveries d SET push_status = 'no_device'
        FROM pending p
        WHERE d.campaign_id = ${campaignId}::uuid AND d.pseudonym = p.pseudonym AND d.push_status = 'pending'
          AND NOT EXISTS (SELECT 1 FROM devices v WHERE v.pseudonym = p.pseudonym)
        RETURNING d.pseudonym
      )
      SELECT 'send' AS kind, p.pseudonym::text AS pseudonym, p.id::text AS id FROM pending p
      WHERE EXISTS (SELECT 1 FROM devices v WHERE v.pseudonym = p.pseudonym)
      UNION ALL SELECT 'none', n.pseudonym::text, NULL FROM none n`;
    const toSend = rows.filter((r) => r.kind === 'send').map((r) => ({ campaignId, pseudonym: r.pseudonym, deliveryId: r.id as string }));
    return { toSend, noDevice: rows.length - toSend.length };
  }

  /** Deliveries still `pending` since before `before`, oldest first (the push sweep; partial index). */
  async pendingSince(before: Date, limit: number): Promise<PushDelivery[]> {
    const rows = await this.prisma.$queryRaw<Array<{ campaign_id: string; pseudonym: string; id: string }>>`
      SELECT campaign_id::text AS campaign_id, pseudonym::text AS pseudonym, id::text AS id FROM offer_deliveries
      WHERE push_status = 'pending' AND delivered_at < ${before} ORDER BY delivered_at LIMIT ${limit}`;
    return rows.map((r) => ({ campaignId: r.campaign_id, pseudonym: r.pseudonym, deliveryId: r.id }));
  }

  /** The delivery with its offer, or undefined when it is gone (the shopper was erased). */
  async sendable(campaignId: string, pseudonym: string): Promise<SendableDelivery | undefined> {
    const [row] = await this.prisma.$queryRaw<Array<{ id: string; push_status: string | null; expires_at: Date; offer: { title: string; body: string; skus: string[]; discount: OfferForPush['discount'] }; supplier_name: string; campaign_status: string; offerable: boolean; dismissed: boolean }>>`
      SELECT d.id::text AS id, d.push_status, d.expires_at, c.spec->'offer' AS offer, s.name AS supplier_name, c.status AS campaign_status,
             d.dismissed_at IS NOT NULL AS dismissed,
             ${allOfferable(Prisma.raw('c.offer_skus'))} AS offerable
      FROM offer_deliveries d JOIN campaigns c ON c.id = d.campaign_id JOIN suppliers s ON s.id = c.supplier_id
      WHERE d.campaign_id = ${campaignId}::uuid AND d.pseudonym = ${pseudonym}::uuid`;
    if (!row) return undefined;
    return {
      pushStatus: row.push_status,
      campaignStatus: row.campaign_status,
      offerable: row.offerable,
      dismissed: row.dismissed,
      offer: { deliveryId: row.id, campaignId, supplierName: row.supplier_name, title: row.offer.title, body: row.offer.body, skus: row.offer.skus, discount: row.offer.discount, expiresAt: row.expires_at },
    };
  }

  /** Writes the final status of a pending push; false when it was already final (a job run twice). */
  async settle(campaignId: string, pseudonym: string, status: PushStatus): Promise<boolean> {
    const n = await this.prisma.$executeRaw`
      UPDATE offer_deliveries SET push_status = ${status}
      WHERE campaign_id = ${campaignId}::uuid AND pseudonym = ${pseudonym}::uuid AND push_status = 'pending'`;
    return n === 1;
  }
}
