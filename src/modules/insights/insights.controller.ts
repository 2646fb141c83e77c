import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import { UuidParam } from '../../common/pipes/uuid-param.pipe.js';
import { Roles } from '../auth/access.decorator.js';
import { CurrentStaff } from '../auth/current-principal.decorator.js';
import { StaffRole, type StaffPrincipal } from '../auth/domain/principal.js';
import type { CampaignInsight, ReportRow } from './domain/k-anonymity.js';
import { ProductInsightsQueryDto } from './dto/insights.dto.js';
import { InsightsService } from './insights.service.js';

@ApiTags('insights')
@ApiSecurity('apiKey')
@Controller('v1/insights')
@Roles(StaffRole.Supplier)
export class InsightsController {
  constructor(private readonly insights: InsightsService) {}

  /** The supplier's campaign, aggregated (another supplier's: 404). */
  @Get('campaigns/:id')
  campaign(@CurrentStaff() staff: StaffPrincipal, @Param('id', UuidParam) id: string): Promise<CampaignInsight & { campaignId: string; name: string; status: string }> {
    return this.insights.campaign(supplierOf(staff), id);
  }

  @Get('products')
  products(@CurrentStaff() staff: StaffPrincipal, @Query() query: ProductInsightsQueryDto): Promise<{ rows: ReportRow[]; suppressed: number }> {
    return this.insights.products(supplierOf(staff), query);
  }
}

/** A supplier key is always bound to its supplier (api-keys.service); a key without one sees nothing. */
function supplierOf(staff: StaffPrincipal): string {
  return staff.supplierId ?? '00000000-0000-0000-0000-000000000000';
}
