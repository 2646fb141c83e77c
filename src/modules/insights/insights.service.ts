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

export interface ProductsQuery {
  skus: string;
  groupBy: GroupBy;
  from?: string;
  to?: string;
}

/**
 * Aggregated, k-anonymous figures for suppliers (INSIGHTS_MIN_AUDIENCE shoppers at least behind
 * every figure), over their own products and campaigns only; never a pseudonym.
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
    const skus = [...new Set(query.skus.split(',').map((s) => s.trim()).filter(Boolean))];
    if (skus.length === 0 || skus.length > MAX_SKUS || skus.some((s) => s.length > 64)) {
      throw AppError.validation([{ field: 'skus', message: `1 to ${MAX_SKUS} comma-separated skus of at most 64 characters` }]);
    }
    // Whole UTC days only: windows shifted by minutes could be subtracted from one another.
    const from = query.from ? startOfDay(new Date(query.from)) : new Date(0);
    const to = query.to ? new Date(startOfDay(new Date(query.to)).getTime() + DAY_MS) : new Date(startOfDay(new Date()).getTime() + DAY_MS);
    if (from >= to) throw AppError.validation([{ field: 'from', message: 'must be before to' }]);
    // Another supplier's product is not found, like an unknown one.
    const owned = await this.repository.ownedSkus(supplierId, skus);
    if (owned.size !== skus.length) throw AppError.notFound('Product');
    const cells = await this.repository.productCells(skus, query.groupBy, from, to, this.consent.bases[Purpose.SupplierInsights]);
    return suppressSmallCells(cells, this.config.env.INSIGHTS_MIN_AUDIENCE);
  }

  async campaign(supplierId: string, id: string): Promise<CampaignInsight & { campaignId: string; name: string; status: string }> {
    const campaign = await this.campaigns.get(id);
    if (campaign.spec.supplierId !== supplierId) throw AppError.notFound('Campaign');
    const stats = await this.campaigns.stats(id);
    const insight = campaignInsight(
      {
        audience: stats.audience,
        holdout: stats.holdout,
        delivered: stats.delivered.in_app + stats.delivered.push,
        seen: stats.seen,
        convertedTreatment: stats.converted,
        // The stats give the holdout's rate; its count is that rate times the group (exact: rates keep 6 decimals).
        convertedHoldout: Math.round((stats.conversion.holdout ?? 0) * stats.holdout),
      },
      this.config.env.INSIGHTS_MIN_AUDIENCE,
    );
    return { campaignId: id, name: campaign.spec.name, status: campaign.status, ...insight };
  }
}

function startOfDay(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}
