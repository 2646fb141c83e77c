import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../common/openapi/api-errors.decorator.js';
import { UuidParam } from '../../common/pipes/uuid-param.pipe.js';
import { Roles } from '../auth/access.decorator.js';
import { ApiStaff } from '../auth/api-access.decorator.js';
import { CurrentStaff } from '../auth/current-principal.decorator.js';
import { StaffRole, type StaffPrincipal } from '../auth/domain/principal.js';
import { CampaignInsightResponseDto, ProductInsightsQueryDto, ProductInsightsResponseDto } from './dto/insights.dto.js';
import { InsightsService } from './insights.service.js';

@ApiTags('insights')
@ApiStaff(StaffRole.Supplier)
@Controller('v1/insights')
@Roles(StaffRole.Supplier)
export class InsightsController {
  constructor(private readonly insights: InsightsService) {}

  /** The supplier's campaign, aggregated (another supplier's: 404). */
  @Get('campaigns/:id')
  @ApiOperation({
    summary: "A campaign's k-anonymous figures",
    description:
      "The supplier's own campaign, aggregated as of the start of the day; figures resting on too few shoppers are withheld (null). Another supplier's campaign: 404.",
  })
  @ApiOkResponse({ type: CampaignInsightResponseDto })
  @ApiErrors([400, '`id` is not a UUID'], [404, "Unknown campaign, or another supplier's"])
  campaign(@CurrentStaff() staff: StaffPrincipal, @Param('id', UuidParam) id: string): Promise<CampaignInsightResponseDto> {
    return this.insights.campaign(supplierOf(staff), id);
  }

  @Get('products')
  @ApiOperation({
    summary: "Buyers, baskets and units of the supplier's products",
    description:
      'Grouped by weekday, hour, channel or store over whole UTC days; cells resting on too few buyers are withheld, with more cells when needed so none is recoverable by subtraction.',
  })
  @ApiOkResponse({ type: ProductInsightsResponseDto })
  @ApiErrors(
    [400, 'Bad skus, groupBy or dates (the window is limited)'],
    [404, "A sku is not one of the supplier's products"],
    [
      503,
      'Code QUERY_TIMEOUT: the report ran longer than REPORT_STATEMENT_TIMEOUT_MS, or too many ran at once (retry after `Retry-After`)',
    ],
  )
  products(@CurrentStaff() staff: StaffPrincipal, @Query() query: ProductInsightsQueryDto): Promise<ProductInsightsResponseDto> {
    return this.insights.products(supplierOf(staff), query);
  }
}

/** A supplier key is always bound to its supplier (api-keys.service); a key without one sees nothing. */
function supplierOf(staff: StaffPrincipal): string {
  return staff.supplierId ?? '00000000-0000-0000-0000-000000000000';
}
