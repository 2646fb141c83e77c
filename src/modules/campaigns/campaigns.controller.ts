import { applyDecorators, Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Idempotent } from '../../common/http/idempotency.interceptor.js';
import { PageQueryDto } from '../../common/http/pagination.js';
import { ApiErrors } from '../../common/openapi/api-errors.decorator.js';
import { ApiIdempotent } from '../../common/openapi/api-idempotent.decorator.js';
import { UuidParam } from '../../common/pipes/uuid-param.pipe.js';
import { Roles } from '../auth/access.decorator.js';
import { ApiStaff } from '../auth/api-access.decorator.js';
import { StaffRole } from '../auth/domain/principal.js';
import { CampaignStatusService } from './campaign-status.service.js';
import { CampaignsService } from './campaigns.service.js';
import { CreateCampaignDto, UpdateCampaignDto } from './dto/campaign.dto.js';
import {
  AudienceEstimateDto,
  CampaignResponseDto,
  CampaignsPageResponseDto,
  CampaignStatsResponseDto,
  toCampaignResponse,
  toStatsResponse,
} from './dto/campaign-response.dto.js';

@ApiTags('campaigns')
@ApiStaff(StaffRole.Marketer)
@Controller('v1/campaigns')
@Roles(StaffRole.Marketer)
export class CampaignsController {
  constructor(
    private readonly campaigns: CampaignsService,
    private readonly status: CampaignStatusService,
  ) {}

  @Post()
  @HttpCode(201)
  @Idempotent()
  @ApiOperation({ summary: 'Create a campaign', description: 'A draft: edit it with PATCH, estimate its audience, then launch it.' })
  @ApiIdempotent()
  @ApiCreatedResponse({ type: CampaignResponseDto })
  @ApiErrors([400, 'Invalid campaign (fields, dates, unknown supplier or products)'], 413, 415)
  async create(@Body() dto: CreateCampaignDto): Promise<CampaignResponseDto> {
    return toCampaignResponse(await this.campaigns.create(dto));
  }

  @Get()
  @ApiOperation({ summary: 'List campaigns', description: 'Newest first, paginated.' })
  @ApiOkResponse({ type: CampaignsPageResponseDto })
  @ApiErrors([400, 'Bad `limit` or `cursor`'])
  async list(@Query() query: PageQueryDto): Promise<CampaignsPageResponseDto> {
    const page = await this.campaigns.list(query.limit, query.cursor);
    return { campaigns: page.items.map(toCampaignResponse), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @ApiOperation({ summary: 'A campaign', description: 'Every field at its effective value, with its status and timestamps.' })
  @ApiOkResponse({ type: CampaignResponseDto })
  @ApiErrors([400, '`id` is not a UUID'], 404)
  async get(@Param('id', UuidParam) id: string): Promise<CampaignResponseDto> {
    return toCampaignResponse(await this.campaigns.get(id));
  }

  /** Edits a draft; 409 once launched. */
  @Patch(':id')
  @ApiOperation({
    summary: 'Edit a draft campaign',
    description: 'Any top-level field of the create body; `null` removes an optional one. 409 once launched.',
  })
  @ApiOkResponse({ type: CampaignResponseDto })
  @ApiErrors(400, 404, [409, 'The campaign is no longer a draft'], 413, 415)
  async update(@Param('id', UuidParam) id: string, @Body() dto: UpdateCampaignDto): Promise<CampaignResponseDto> {
    return toCampaignResponse(await this.campaigns.update(id, dto));
  }

  /** Before launch: how many shoppers the campaign would reach now, consent applied. */
  @Get(':id/audience')
  @ApiOperation({
    summary: "Estimate a draft's audience",
    description: 'How many shoppers the campaign would reach now, consent applied. 409 once launched (see its stats).',
  })
  @ApiOkResponse({ type: AudienceEstimateDto })
  @ApiErrors(
    [400, '`id` is not a UUID'],
    404,
    [409, 'The audience is fixed: see the campaign stats'],
    [
      503,
      'Code QUERY_TIMEOUT: the estimate ran longer than REPORT_STATEMENT_TIMEOUT_MS, or too many ran at once (retry after `Retry-After`)',
    ],
  )
  async audience(@Param('id', UuidParam) id: string): Promise<AudienceEstimateDto> {
    return { estimate: await this.campaigns.estimate(id) };
  }

  @Get(':id/stats')
  @ApiOperation({
    summary: "A campaign's delivery and conversion figures",
    description: 'Audience, holdout, suppressions, deliveries, spend, conversion and uplift (intention to treat).',
  })
  @ApiOkResponse({ type: CampaignStatsResponseDto })
  @ApiErrors([400, '`id` is not a UUID'], 404)
  async stats(@Param('id', UuidParam) id: string): Promise<CampaignStatsResponseDto> {
    return toStatsResponse(await this.campaigns.stats(id));
  }

  @Post(':id/launch')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Launch a campaign',
    description:
      'Fixes the audience and starts the fan-out. A small campaign answers in its launched state; a large one answers at once (`audienceFixedAt` null until fixed).',
  })
  @ApiCampaignStep()
  async launch(@Param('id', UuidParam) id: string): Promise<CampaignResponseDto> {
    return toCampaignResponse(await this.status.apply(id, 'launch'));
  }

  @Post(':id/pause')
  @HttpCode(200)
  @ApiOperation({ summary: 'Pause a campaign', description: 'No more sends until resumed.' })
  @ApiCampaignStep()
  async pause(@Param('id', UuidParam) id: string): Promise<CampaignResponseDto> {
    return toCampaignResponse(await this.status.apply(id, 'pause'));
  }

  @Post(':id/resume')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resume a paused campaign', description: 'Sends start again.' })
  @ApiCampaignStep()
  async resume(@Param('id', UuidParam) id: string): Promise<CampaignResponseDto> {
    return toCampaignResponse(await this.status.apply(id, 'resume'));
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a campaign', description: 'For good: no more sends.' })
  @ApiCampaignStep()
  async cancel(@Param('id', UuidParam) id: string): Promise<CampaignResponseDto> {
    return toCampaignResponse(await this.status.apply(id, 'cancel'));
  }
}

/** What every status step answers: the campaign, or 409 when the step does not apply to its status. */
function ApiCampaignStep(): MethodDecorator {
  return applyDecorators(
    ApiOkResponse({ type: CampaignResponseDto }),
    ApiErrors([400, '`id` is not a UUID'], 404, [409, 'Not allowed from the current status, or an offered product is inactive']),
  );
}
