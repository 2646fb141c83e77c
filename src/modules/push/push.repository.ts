import { Injectable } from '@nestjs/common';
import { Prisma } from '../../generated/prisma/client.js';
import { PrismaService } from '../../infra/database/prisma.service.js';
import { allOfferable } from '../catalog/offerable.sql.js';
import type { OfferForPush } from './domain/push-message.js';
import type { DeviceOutcomeKind } from './domain/push-outcome.js';
import type { PushStatus } from './domain/push-status.js';
import type { QuietHours } from '../../common/time/quiet-hours.js';

/** Where the push sweep stopped: the last pending push it looked at. */
export interface PendingCursor {
  deliveredAt: Date;
  id: string;
}

/** A delivery whose push is to be sent. */
export interface PushDelivery {
  campaignId: string;
  pseudonym: string;
  deliveryId: string;
}

/** A delivery as the push sender reads it at the moment of sending. */
export interface SendableDelivery {
  pushStatus: PushStatus | null;
  /** `in_app` (inbox and `offer` event, push on top) or `push` (push only). */
  channel: string;
  /** The campaign's status now: a paused or cancelled campaign sends no more pushes. */
  campaignStatus: string;
  /** Every offered product is in the catalog and active. */
  offerable: boolean;
  /** The shopper dismissed the offer (in the app). */
  dismissed: boolean;
  trigger: 'broadcast' | 'cart';
  /** The campaign's quiet hours, if it set any. */
  quietHours?: QuietHours;
  /** The campaign pushes to shoppers whose app is connected too. */
  pushWhenConnected: boolean;
  offer: OfferForPush;
}

/** One request to a provider and what it answered (status null: no answer). */
export interface AttemptRecord {
  provider: string;
  outcome: DeviceOutcomeKind;
  statusCode: number | null;
  reason: string | null;
}

/** A campaign's push figures: its deliveries by push status, and every request by provider and outcome. */
export interface PushFigures {
  statuses: Partial<Record<PushStatus, number>>;
  attempts: Record<string, Partial<Record<DeviceOutcomeKind, number>>>;
}

/**
 * The push side of the inbox rows (`offer_deliveries.push_status`, written by the offers module
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
   * large audience have no device), the others are returned to be enqueued. `unshown` names the
   * chunk's push-only deliveries that ended without reaching a device (those settled here, and
   * any settled before: a re-run after a crash gives their charge back again, idempotently); their
   * rows cost 0 from now on (the rule of `refundsCharge`: channel `push`, final, not `sent`).
   */
  async pendingOfChunk(campaignId: string, chunk: number): Promise<{ toSend: PushDelivery[]; noDevice: number; unshown: string[] }> {
    const rows = await this.prisma.$queryRaw<Array<{ kind: string; pseudonym: string; id: string | null; channel: string }>>`
      WITH chunk AS (
        SELECT d.pseudonym, d.id, d.channel, d.push_status FROM offer_deliveries d
        JOIN campaign_audience a ON a.campaign_id = d.campaign_id AND a.pseudonym = d.pseudonym
        WHERE d.campaign_id = ${campaignId}::uuid AND a.chunk = ${chunk} AND d.push_status IS NOT NULL AND d.push_status <> 'sent'
      ), pending AS (
        SELECT c.pseudonym, c.id FROM chunk c WHERE c.push_status = 'pending'
      ), none AS (
        UPDATE offer_deliveries d SET push_status = 'no_device', cost_cents = CASE WHEN d.channel = 'push' THEN 0 ELSE d.cost_cents END
        FROM pending p
        WHERE d.campaign_id = ${campaignId}::uuid AND d.pseudonym = p.pseudonym AND d.push_status = 'pending'
          AND NOT EXISTS (SELECT 1 FROM devices v WHERE v.pseudonym = p.pseudonym)
        RETURNING d.pseudonym, d.channel
      )
      SELECT 'send' AS kind, p.pseudonym::text AS pseudonym, p.id::text AS id, '' AS channel FROM pending p
      WHERE EXISTS (SELECT 1 FROM devices v WHERE v.pseudonym = p.pseudonym)
      UNION ALL SELECT 'none', n.pseudonym::text, NULL, n.channel FROM none n
      UNION ALL SELECT 'unshown', c.pseudonym::text, NULL, c.channel FROM chunk c WHERE c.channel = 'push' AND c.push_status <> 'pending'`;
    const toSend = rows.filter((r) => r.kind === 'send').map((r) => ({ campaignId, pseudonym: r.pseudonym, deliveryId: r.id as string }));
    const none = rows.filter((r) => r.kind === 'none');
    const unshown = rows.filter((r) => (r.kind === 'none' || r.kind === 'unshown') && r.channel === 'push').map((r) => r.pseudonym);
    return { toSend, noDevice: none.length, unshown };
  }

  /**
   * Pending pushes decided before `before`, in (decision time, id) order, a page after `after`
   * (keyset paging: the sweep walks all of them over successive runs, however many are waiting).
   */
  async pendingSince(before: Date, limit: number, after?: PendingCursor): Promise<{ deliveries: PushDelivery[]; last?: PendingCursor }> {
    const rows = await this.prisma.$queryRaw<Array<{ campaign_id: string; pseudonym: string; id: string; delivered_at: Date }>>`
      SELECT campaign_id::text AS campaign_id, pseudonym::text AS pseudonym, id::text AS id, delivered_at FROM offer_deliveries
      WHERE push_status = 'pending' AND delivered_at < ${before}
        AND (delivered_at, id) > (${after?.deliveredAt ?? new Date(0)}, ${after?.id ?? '00000000-0000-0000-0000-000000000000'}::uuid)
      ORDER BY delivered_at, id LIMIT ${limit}`;
    const last = rows[rows.length - 1];
    return {
      deliveries: rows.map((r) => ({ campaignId: r.campaign_id, pseudonym: r.pseudonym, deliveryId: r.id })),
      last: last ? { deliveredAt: last.delivered_at, id: last.id } : undefined,
    };
  }

  /** The delivery with its offer, or undefined when it is gone (the shopper was erased). */
  async sendable(campaignId: string, pseudonym: string): Promise<SendableDelivery | undefined> {
    const [row] = await this.prisma.$queryRaw<
      Array<{
        id: string;
        push_status: PushStatus | null;
        channel: string;
        expires_at: Date;
        offer: { title: string; body: string; skus: string[]; discount: OfferForPush['discount'] };
        supplier_name: string;
        campaign_status: string;
        offerable: boolean;
        dismissed: boolean;
        trigger: 'broadcast' | 'cart';
        quiet_hours: QuietHours | null;
        push_when_connected: boolean;
      }>
    >`
      SELECT d.id::text AS id, d.push_status, d.channel, d.expires_at, c.spec->'offer' AS offer, s.name AS supplier_name, c.status AS campaign_status,
             c.trigger, c.spec->'quietHours' AS quiet_hours, (c.spec->>'pushWhenConnected')::boolean IS TRUE AS push_when_connected,
             d.dismissed_at IS NOT NULL AS dismissed,
             ${allOfferable(Prisma.raw('c.offer_skus'))} AS offerable
      FROM offer_deliveries d JOIN campaigns c ON c.id = d.campaign_id JOIN suppliers s ON s.id = c.supplier_id
      WHERE d.campaign_id = ${campaignId}::uuid AND d.pseudonym = ${pseudonym}::uuid`;
    if (!row) return undefined;
    return {
      pushStatus: row.push_status,
      channel: row.channel,
      campaignStatus: row.campaign_status,
      offerable: row.offerable,
      dismissed: row.dismissed,
      trigger: row.trigger,
      ...(row.quiet_hours ? { quietHours: row.quiet_hours } : {}),
      pushWhenConnected: row.push_when_connected,
      offer: {
        deliveryId: row.id,
        campaignId,
        supplierName: row.supplier_name,
        title: row.offer.title,
        body: row.offer.body,
        skus: row.offer.skus,
        discount: row.offer.discount,
        expiresAt: row.expires_at,
      },
    };
  }

  /**
   * Checked right before contacting the providers (the first read may be seconds old by then:
   * consent and device reads, a slow provider for another job): the delivery still exists and is
   * still pending, and no erasure of the shopper is open (requested, running or failed: from the
   * moment `DELETE /v1/me` or an officer's request is accepted, before its job deletes the row).
   * One indexed read each (the primary key, the partial unique index on open requests).
   */
  async stillSendable(campaignId: string, pseudonym: string): Promise<boolean> {
    const [row] = await this.prisma.$queryRaw<Array<{ ok: boolean }>>`
      SELECT EXISTS (SELECT 1 FROM offer_deliveries d WHERE d.campaign_id = ${campaignId}::uuid AND d.pseudonym = ${pseudonym}::uuid AND d.push_status = 'pending')
         AND NOT EXISTS (SELECT 1 FROM erasure_requests e WHERE e.pseudonym = ${pseudonym}::uuid AND e.status IN ('pending', 'running', 'failed')) AS ok`;
    return row?.ok === true;
  }

  /**
   * Writes the final status of a pending push, and with `refund` makes the delivery cost nothing
   * (its charge is given back: see `refundsCharge`); false when it was already final (a job run twice).
   */
  async settle(campaignId: string, pseudonym: string, status: PushStatus, refund: boolean): Promise<boolean> {
    const n = await this.prisma.$executeRaw`
      UPDATE offer_deliveries SET push_status = ${status}, cost_cents = CASE WHEN ${refund}::boolean THEN 0 ELSE cost_cents END
      WHERE campaign_id = ${campaignId}::uuid AND pseudonym = ${pseudonym}::uuid AND push_status = 'pending'`;
    return n === 1;
  }

  /** Records one attempt's requests (one statement); nothing when the delivery is gone (erased meanwhile). */
  async recordAttempts(campaignId: string, pseudonym: string, attempts: readonly AttemptRecord[]): Promise<void> {
    if (attempts.length === 0) return;
    await this.prisma.$executeRaw`
      INSERT INTO push_attempts (campaign_id, pseudonym, provider, outcome, status_code, reason)
      SELECT d.campaign_id, d.pseudonym, a.provider, a.outcome, a.status_code, a.reason
      FROM offer_deliveries d,
           unnest(${attempts.map((a) => a.provider)}::text[], ${attempts.map((a) => a.outcome)}::text[],
                  ${attempts.map((a) => a.statusCode)}::int[], ${attempts.map((a) => a.reason)}::text[]) AS a(provider, outcome, status_code, reason)
      WHERE d.campaign_id = ${campaignId}::uuid AND d.pseudonym = ${pseudonym}::uuid`;
  }

  async figures(campaignId: string): Promise<PushFigures> {
    const [statuses, attempts] = await Promise.all([
      this.prisma.$queryRaw<Array<{ status: PushStatus; n: number }>>`
        SELECT push_status AS status, count(*)::int AS n FROM offer_deliveries
        WHERE campaign_id = ${campaignId}::uuid AND push_status IS NOT NULL GROUP BY push_status`,
      this.prisma.$queryRaw<Array<{ provider: string; outcome: DeviceOutcomeKind; n: number }>>`
        SELECT provider, outcome, count(*)::int AS n FROM push_attempts WHERE campaign_id = ${campaignId}::uuid GROUP BY provider, outcome`,
    ]);
    const byProvider: PushFigures['attempts'] = {};
    for (const a of attempts) (byProvider[a.provider] ??= {})[a.outcome] = a.n;
    return { statuses: Object.fromEntries(statuses.map((r) => [r.status, r.n])), attempts: byProvider };
  }
}
