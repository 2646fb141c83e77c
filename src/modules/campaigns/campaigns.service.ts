import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { AppError, type ErrorDetail } from '../../common/errors/app-error.js';
import { decodeCursor, encodeCursor, type Page, pageOf } from '../../common/http/pagination.js';
import { flattenValidationErrors } from '../../common/pipes/validation-errors.js';
import { CatalogService } from '../catalog/catalog.service.js';
import { SuppliersService } from '../suppliers/suppliers.service.js';
import { AudienceRepository } from './campaign-audience.repository.js';
import { CampaignLauncher } from './campaign-launcher.service.js';
import { patchSpec, toSpec } from './campaign-spec.mapper.js';
import { CampaignsRepository } from './campaigns.repository.js';
import { type Campaign, type CampaignSpec, CampaignStatus } from './domain/campaign.js';
import { checkCampaignSpec, namedSkus } from './domain/campaign-rules.js';
import { type CampaignPushStats, type CampaignStats, toCampaignStats } from './domain/campaign-stats.js';
import { PushService } from '../push/push.service.js';
import { CreateCampaignDto, type UpdateCampaignDto } from './dto/campaign.dto.js';

const MAX_DETAILS = 100;

/** The marketer's campaigns: drafts, reads, audience estimates and results. Status changes: CampaignStatusService. */
@Injectable()
export class CampaignsService {
  constructor(
    private readonly repository: CampaignsRepository,
    private readonly audience: AudienceRepository,
    private readonly launcher: CampaignLauncher,
    private readonly suppliers: SuppliersService,
    private readonly catalog: CatalogService,
    private readonly push: PushService,
  ) {}

  async create(dto: CreateCampaignDto): Promise<Campaign> {
    const spec = await this.validated(dto);
    return this.repository.create(randomUUID(), spec);
  }

  /** Edits a draft (the whole campaign is validated again); 409 once launched. */
  async update(id: string, patch: UpdateCampaignDto): Promise<Campaign> {
    const current = await this.get(id);
    if (current.status !== CampaignStatus.Draft) throw AppError.conflict(`cannot edit a ${current.status} campaign`);
    const merged = plainToInstance(CreateCampaignDto, patchSpec(current.spec, patch));
    // The merged campaign must be a valid whole (a PATCH may not drop a required field with null).
    const errors = await validate(merged, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length > 0) throw AppError.validation(flattenValidationErrors(errors));
    const spec = await this.validated(merged);
    const updated = await this.repository.updateDraft(id, spec);
    if (!updated) throw AppError.conflict('the campaign was launched or cancelled meanwhile');
    return updated;
  }

  async get(id: string): Promise<Campaign> {
    const campaign = await this.repository.find(id);
    if (!campaign) throw AppError.notFound('Campaign');
    return campaign;
  }

  async list(limit: number, cursor?: string): Promise<Page<Campaign>> {
    const rows = await this.repository.list(limit + 1, decodeCursor(cursor));
    return pageOf(rows, limit, (c) => encodeCursor(c.createdAt, c.id));
  }

  /** How many shoppers launching now would reach (consent already applied); before launch only. */
  async estimate(id: string): Promise<number> {
    const campaign = await this.get(id);
    if (campaign.status !== CampaignStatus.Draft) throw AppError.conflict('the audience is fixed: see the campaign stats');
    return this.audience.estimate(this.launcher.audienceQuery(campaign.spec, new Date()));
  }

  async stats(id: string): Promise<CampaignStats & { push: CampaignPushStats }> {
    const campaign = await this.get(id);
    const [counts, push] = await Promise.all([this.repository.counts(id), this.push.campaignFigures(id)]);
    return { ...toCampaignStats(counts, campaign.dispatchCompletedAt), push };
  }

  /**
   * The whole request is refused when any part is bad: field checks, then the supplier and skus in
   * the catalog (an offered sku must be active, and not another supplier's product).
   */
  private async validated(dto: CreateCampaignDto): Promise<CampaignSpec> {
    const spec = toSpec(dto);
    const faults: ErrorDetail[] = checkCampaignSpec(spec, new Date());
    if (!(await this.suppliers.find(spec.supplierId))) faults.push({ field: 'supplierId', message: 'unknown supplier' });
    const named = namedSkus(spec);
    const products = await this.catalog.findBySkus(named.map((n) => n.sku));
    for (const n of named) {
      const product = products.get(n.sku);
      if (!product) faults.push({ field: n.field, message: 'unknown sku' });
      else if (n.mustBeActive && !product.active) faults.push({ field: n.field, message: 'inactive product cannot be offered' });
      // An offered product (the skus that must be active) is the funding supplier's own, or nobody's.
      else if (n.mustBeActive && product.supplierId !== null && product.supplierId !== spec.supplierId)
        faults.push({ field: n.field, message: "another supplier's product cannot be offered" });
    }
    if (faults.length > 0) throw AppError.validation(faults.slice(0, MAX_DETAILS));
    return spec;
  }
}
