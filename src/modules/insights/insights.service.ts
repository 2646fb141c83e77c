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
const MAX_WINDOW_DAYS = 366;

export interface ProductsQuery {
  skus: string;
  groupBy: GroupBy;
  from?: string;
  to?: string;
}

/**
 * Aggregated, k-anonymous figures for suppliers (INSIGHTS_MIN_AUDIENCE shoppers at least behind
 * every figure, none recoverable by subtraction), over their own products and campaigns only,
 * never a pseudonym. Only days that are over count: campaign figures as of the start of the day.
 */
@Injectable()
export class InsightsService {
  constructor(
    private readonly config: AppConfig,
    private readonly repository: InsightsRepository,
    private readonly campaigns: CampaignsService,
    private readonly consent: ConsentService,
  ) {}

  async products(supplierId: string, query: ProductsQuery): Promise<{ rows: ReportRow[]; suppressed: number }> {
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
    // Whole UTC days that are over: a window shifted by minutes, or a day still filling, could be
    // subtracted from another report. At most MAX_WINDOW_DAYS.
    const today = startOfDay(new Date());
    const requestedTo = query.to ? new Date(dayOf(query.to, 'to').getTime() + DAY_MS) : today;
    const to = requestedTo > today ? today : requestedTo;
    const from = query.from ? dayOf(query.from, 'from') : new Date(to.getTime() - MAX_WINDOW_DAYS * DAY_MS);
    if (query.from && query.to && from >= requestedTo) throw AppError.validation([{ field: 'from', message: 'must not be after to' }]);
    if (to.getTime() - from.getTime() > MAX_WINDOW_DAYS * DAY_MS)
      throw AppError.validation([{ field: 'from', message: `the window is at most ${MAX_WINDOW_DAYS} days` }]);
    // Another supplier's product is not found, like an unknown one.
    const owned = await this.repository.ownedSkus(supplierId, skus);
    if (owned.size !== skus.length) throw AppError.notFound('Product');
    if (from >= to) return { rows: [], suppressed: 0 };
    const cells = await this.repository.productCells(skus, query.groupBy, from, to, this.consent.bases[Purpose.SupplierInsights]);
    return suppressSmallCells(cells, this.config.insights.minAudience);
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
