import { Injectable } from '@nestjs/common';
import { afterCursor, type KeysetCursor } from '../../common/http/pagination.js';
import { PrismaService } from '../../infra/database/prisma.service.js';
import type { CampaignErasedTally, Campaign as CampaignRow } from '../../generated/prisma/client.js';
import { type Campaign, type CampaignSpec, CampaignStatus } from './domain/campaign.js';
import type { CampaignCounts } from './domain/campaign-stats.js';
import { AUDIENCE_FIGURES, DELIVERY_FIGURES } from '../offers/delivery-figures.sql.js';
import { undecided } from './campaign-dispatch.repository.js';

/** A launch job publishes and enqueues a whole campaign under the lock: seconds for tens of millions of shoppers. */
const STATUS_LOCK_TIMEOUT_MS = 5 * 60_000;

/** The spec as stored in JSONB: dates as ISO strings. */
type StoredSpec = Omit<CampaignSpec, 'startsAt' | 'endsAt'> & { startsAt: string; endsAt: string };

/** The erased tally of a campaign no erased shopper counted in. */
const NOTHING_ERASED: Omit<CampaignErasedTally, 'campaignId'> = {
  audience: 0,
  holdout: 0,
  deferred: 0,
  convertedTreatment: 0,
  convertedHoldout: 0,
  delivered: 0,
  inApp: 0,
  push: 0,
  pushFailed: 0,
  seen: 0,
  spentCents: 0n,
  noConsent: 0,
  frequencyCap: 0,
  budget: 0,
  failed: 0,
  otherSuppressed: 0,
};

/** Campaign rows: create, edit, read, status changes (compare-and-set) and the stats counts. */
@Injectable()
export class CampaignsRepository {
  constructor(private readonly prisma: PrismaService) {}

  async create(id: string, spec: CampaignSpec): Promise<Campaign> {
    const row = await this.prisma.campaign.create({ data: { id, ...columnsOf(spec) } });
    return toCampaign(row);
  }

  /** Replaces a draft's spec; undefined when the campaign is no longer a draft (or gone). */
  async updateDraft(id: string, spec: CampaignSpec): Promise<Campaign | undefined> {
    const { count } = await this.prisma.campaign.updateMany({
      where: { id, status: CampaignStatus.Draft },
      data: { ...columnsOf(spec), updatedAt: new Date() },
    });
    return count === 1 ? this.find(id) : undefined;
  }

  async find(id: string): Promise<Campaign | undefined> {
    const row = await this.prisma.campaign.findUnique({ where: { id } });
    return row ? toCampaign(row) : undefined;
  }

  /** Launched campaigns, still live, whose audience is not fixed: their launch job may be missing. */
  async launchedWithoutAudience(): Promise<string[]> {
    const rows = await this.prisma.campaign.findMany({
      where: {
        launchedAt: { not: null },
        audienceFixedAt: null,
        status: { in: [CampaignStatus.Scheduled, CampaignStatus.Running, CampaignStatus.Paused] },
      },
      select: { id: true },
    });
    return rows.map((r) => r.id);
  }

  async list(limit: number, cursor?: KeysetCursor): Promise<Campaign[]> {
    const rows = await this.prisma.campaign.findMany({
      where: afterCursor(cursor),
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit,
    });
    return rows.map(toCampaign);
  }

  /**
   * Moves the status only if it is still `from` (two marketers pausing and cancelling at once:
   * one wins, the other gets a 409). Returns the campaign after the change, or undefined.
   */
  async changeStatus(
    id: string,
    from: CampaignStatus,
    to: CampaignStatus,
    extra: { launchedAt?: Date; finishedAt?: Date } = {},
  ): Promise<Campaign | undefined> {
    const { count } = await this.prisma.campaign.updateMany({
      where: { id, status: from },
      data: { status: to, updatedAt: new Date(), ...extra },
    });
    return count === 1 ? this.find(id) : undefined;
  }

  /**
   * Runs `step` with the campaign's current status while holding its row lock: status changes
   * (compare-and-set updates of that row) wait until `step` is done, so what it publishes for
   * that status cannot overwrite a newer one. Keep `step` short. Undefined when there is no such campaign.
   */
  async withStatusLocked<T>(id: string, step: (status: CampaignStatus) => Promise<T>): Promise<T | undefined> {
    return this.prisma.$transaction(
      async (tx) => {
        const [row] = await tx.$queryRaw<Array<{ status: string }>>`SELECT status FROM campaigns WHERE id = ${id}::uuid FOR UPDATE`;
        return row ? step(row.status as CampaignStatus) : undefined;
      },
      { timeout: STATUS_LOCK_TIMEOUT_MS, maxWait: 10_000 },
    );
  }

  /** Stamps dispatchCompletedAt once the audience is fixed and no treated shopper of the campaign is left undecided. */
  async completeDispatchIfDone(id: string): Promise<boolean> {
    const n = await this.prisma.$executeRaw`
      UPDATE campaigns SET dispatch_completed_at = now(), updated_at = now()
      WHERE id = ${id}::uuid AND dispatch_completed_at IS NULL AND trigger = 'broadcast' AND audience_fixed_at IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM campaign_audience a WHERE a.campaign_id = ${id}::uuid AND NOT a.holdout ${undecided})`;
    return n === 1;
  }

  /** Ends every undecided send (cancelled, or the campaign ended): `queued` then counts 0. */
  async closeQueued(id: string, reason: 'cancelled' | 'expired'): Promise<number> {
    return this.prisma.$executeRaw`
      INSERT INTO campaign_suppressions (campaign_id, pseudonym, reason, decided_at)
      SELECT a.campaign_id, a.pseudonym, ${reason}, now()
      FROM campaign_audience a
      LEFT JOIN offer_deliveries d ON d.campaign_id = a.campaign_id AND d.pseudonym = a.pseudonym
      WHERE a.campaign_id = ${id}::uuid AND NOT a.holdout AND d.pseudonym IS NULL
      -- Already suppressed shoppers are skipped by the key, not by a NOT EXISTS on the table being
      -- written (that plan took minutes on a million-shopper cancel).
      ON CONFLICT (campaign_id, pseudonym) DO NOTHING`;
  }

  /**
   * The stats counts. A shopper with both a delivery and a suppression (a send decided just
   * before a cancel closed the rest) counts as delivered.
   */
  async counts(id: string): Promise<CampaignCounts> {
    const [a] = await this.prisma.$queryRaw<Array<Record<string, bigint>>>`
      SELECT count(*) AS audience,
             count(*) FILTER (WHERE ${AUDIENCE_FIGURES.holdout}) AS holdout,
             count(*) FILTER (WHERE ${AUDIENCE_FIGURES.deferred}) AS deferred,
             count(*) FILTER (WHERE ${AUDIENCE_FIGURES.convertedTreatment}) AS converted_treatment,
             count(*) FILTER (WHERE ${AUDIENCE_FIGURES.convertedHoldout}) AS converted_holdout
      FROM campaign_audience a WHERE a.campaign_id = ${id}::uuid`;
    const [d] = await this.prisma.$queryRaw<Array<Record<string, bigint>>>`
      SELECT count(*) FILTER (WHERE ${DELIVERY_FIGURES.inApp}) AS in_app,
             count(*) FILTER (WHERE ${DELIVERY_FIGURES.push}) AS push,
             count(*) FILTER (WHERE ${DELIVERY_FIGURES.pushFailed}) AS push_failed,
             count(*) FILTER (WHERE ${DELIVERY_FIGURES.seen}) AS seen,
             count(*) AS delivered,
             coalesce(sum(d.cost_cents), 0)::bigint AS spent
      FROM offer_deliveries d WHERE d.campaign_id = ${id}::uuid`;
    const reasons = await this.prisma.$queryRaw<Array<{ reason: string; n: bigint }>>`
      SELECT x.reason, count(*) AS n FROM campaign_suppressions x
      WHERE x.campaign_id = ${id}::uuid
        AND NOT EXISTS (SELECT 1 FROM offer_deliveries d WHERE d.campaign_id = x.campaign_id AND d.pseudonym = x.pseudonym)
      GROUP BY x.reason`;
    // What erased shoppers counted (their rows are gone; the campaign's figures stay).
    const e = (await this.prisma.campaignErasedTally.findUnique({ where: { campaignId: id } })) ?? NOTHING_ERASED;
    const n = (x: bigint | undefined) => Number(x ?? 0n);
    const by = new Map(reasons.map((r) => [r.reason, Number(r.n)]));
    const reason = (name: string) => by.get(name) ?? 0;
    const suppressed =
      [...by.values()].reduce((sum, x) => sum + x, 0) + e.noConsent + e.frequencyCap + e.budget + e.failed + e.otherSuppressed;
    const audience = n(a.audience) + e.audience;
    const holdout = n(a.holdout) + e.holdout;
    const delivered = n(d.delivered) + e.delivered;
    return {
      audience,
      holdout,
      noConsent: reason('no_consent') + e.noConsent,
      frequencyCap: reason('frequency_cap') + e.frequencyCap,
      budget: reason('budget') + e.budget,
      deferredQuietHours: n(a.deferred) + e.deferred,
      queued: Math.max(0, audience - holdout - delivered - suppressed),
      failed: reason('failed') + n(d.push_failed) + e.failed + e.pushFailed,
      deliveredInApp: n(d.in_app) + e.inApp,
      deliveredPush: n(d.push) + e.push,
      seen: n(d.seen) + e.seen,
      convertedTreatment: n(a.converted_treatment) + e.convertedTreatment,
      convertedHoldout: n(a.converted_holdout) + e.convertedHoldout,
      spentCents: n(d.spent) + Number(e.spentCents),
    };
  }
}

function columnsOf(spec: CampaignSpec) {
  return {
    name: spec.name,
    supplierId: spec.supplierId,
    trigger: spec.trigger,
    spec: { ...spec, startsAt: spec.startsAt.toISOString(), endsAt: spec.endsAt.toISOString() } satisfies StoredSpec as object,
    offerSkus: spec.offer.skus,
    validDays: spec.offer.validDays,
    startsAt: spec.startsAt,
    endsAt: spec.endsAt,
  };
}

function toCampaign(row: CampaignRow): Campaign {
  const stored = row.spec as unknown as StoredSpec;
  return {
    id: row.id,
    status: row.status as CampaignStatus,
    spec: { ...stored, startsAt: new Date(stored.startsAt), endsAt: new Date(stored.endsAt) },
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    launchedAt: row.launchedAt,
    audienceFixedAt: row.audienceFixedAt,
    dispatchCompletedAt: row.dispatchCompletedAt,
  };
}
