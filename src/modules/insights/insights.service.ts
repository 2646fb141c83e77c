import { Injectable } from '@nestjs/common';
import { AppError } from '../../common/errors/app-error.js';
import { AppConfig } from '../../config/app-config.js';
import { CampaignsService } from '../campaigns/campaigns.service.js';
import { ConsentService } from '../consent/consent.service.js';
import { Purpose } from '../consent/domain/consent.js';
import { type CampaignInsight, campaignInsight, type ReportRow, suppressSmallCells } from './domain/k-anonymity.js';
import { type GroupBy, InsightsRepository } from './insights.repository.js';

const DAY_MS = 86_400_000;
const MAX_SKUS = 100;
const MAX_WINDOW_MONTHS = 12;

export interface ProductsQuery {
  skus: string;
  groupBy: GroupBy;
  from?: string;
  to?: string;
}

/**
 * Aggregated, k-anonymous figures for suppliers (INSIGHTS_MIN_AUDIENCE shoppers at least behind
 * every figure, none recoverable by subtraction), over their own products and campaigns only,
 * never a pseudonym. Product reports cover whole calendar months that are over; campaign figures
 * are as of the start of the day; both count shoppers as their consent stood then.
 */
@Injectable()
export class InsightsService {
  constructor(
    private readonly config: AppConfig,
    private readonly repository: InsightsRepository,
    private readonly campaigns: CampaignsService,
    private readonly consent: ConsentService,
  ) {}

  async products(
    supplierId: string,
    query: ProductsQuery,
  ): Promise<{ rows: ReportRow[]; suppressed: number; window: { from: string; to: string } | null }> {
    const skus = [
      ...new Set(
        query.skus
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      ),
    ];
    if (skus.length === 0 || skus.length > MAX_SKUS || skus.some((s) => s.length > 64)) {
      throw AppError.validation([{ field: 'skus', message: `1 to ${MAX_SKUS} comma-separated skus of at most 64 characters` }]);
    }
    // Whole UTC calendar months that are over: windows that differ by a few days, or a month
    // still filling, could be subtracted from one another. `from` snaps to the first day of its
    // month, `to` to the last day of its own, and a month not over yet is left out.
    const today = startOfDay(new Date());
    const requestedFrom = query.from ? dayOf(query.from, 'from') : undefined;
    const requestedTo = query.to ? dayOf(query.to, 'to') : undefined;
    if (requestedFrom && requestedTo && requestedFrom > requestedTo)
      throw AppError.validation([{ field: 'from', message: 'must not be after to' }]);
    const lastOver = startOfMonth(today);
    const to = requestedTo ? minDate(addMonths(startOfMonth(requestedTo), 1), lastOver) : lastOver;
    const from = requestedFrom ? startOfMonth(requestedFrom) : addMonths(to, -MAX_WINDOW_MONTHS);
    const months = monthsBetween(from, to);
    if (months > MAX_WINDOW_MONTHS)
      throw AppError.validation([{ field: 'from', message: `the window is at most ${MAX_WINDOW_MONTHS} whole months` }]);
    // Another supplier's product is not found, like an unknown one.
    const owned = await this.repository.ownedSkus(supplierId, skus);
    if (owned.size !== skus.length) throw AppError.notFound('Product');
    if (months <= 0) return { rows: [], suppressed: 0, window: null };
    const window = { from: dayText(from), to: dayText(new Date(to.getTime() - DAY_MS)) };
    const cells = await this.repository.productCells(
      skus,
      query.groupBy,
      { from, to, months },
      this.consent.bases[Purpose.SupplierInsights],
      today,
    );
    return { ...suppressSmallCells(cells, this.config.insights.minAudience), window };
  }

  async campaign(supplierId: string, id: string): Promise<CampaignInsight & { campaignId: string; name: string; status: string }> {
    const campaign = await this.campaigns.get(id);
    if (campaign.spec.supplierId !== supplierId) throw AppError.notFound('Campaign');
    const figures = await this.repository.campaignFigures(id, startOfDay(new Date()), this.consent.bases[Purpose.SupplierInsights]);
    const insight = campaignInsight(figures, this.config.insights.minAudience);
    return { campaignId: id, name: campaign.spec.name, status: campaign.status, ...insight };
  }
}

/** A YYYY-MM-DD (checked by the DTO) that is also a real day (2026-02-30 is not). */
function dayOf(text: string, field: string): Date {
  const d = new Date(`${text}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== text)
    throw AppError.validation([{ field, message: 'must be a real date YYYY-MM-DD' }]);
  return d;
}

function startOfDay(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

function startOfMonth(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
}

function addMonths(d: Date, n: number): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1));
}

/** Whole months from `from` to `to` (both the first of a month); 0 or less when `to` is not after. */
function monthsBetween(from: Date, to: Date): number {
  return (to.getUTCFullYear() - from.getUTCFullYear()) * 12 + to.getUTCMonth() - from.getUTCMonth();
}

function minDate(a: Date, b: Date): Date {
  return a < b ? a : b;
}

function dayText(d: Date): string {
  return d.toISOString().slice(0, 10);
}
