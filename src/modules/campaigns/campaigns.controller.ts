import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Idempotent } from '../../common/http/idempotency.interceptor.js';
import { PageQueryDto } from '../../common/http/pagination.js';
import { UuidParam } from '../../common/pipes/uuid-param.pipe.js';
import { Roles } from '../auth/access.decorator.js';
import { StaffRole } from '../auth/domain/principal.js';
import { CampaignStatusService } from './campaign-status.service.js';
import { CampaignsService } from './campaigns.service.js';
import { CreateCampaignDto, UpdateCampaignDto } from './dto/campaign.dto.js';
import { type CampaignResponseDto, toCampaignResponse, toStatsResponse } from './dto/campaign-response.dto.js';

@ApiTags('campaigns')
@ApiSecurity('apiKey')
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
  async create(@Body() dto: CreateCampaignDto): Promise<CampaignResponseDto> {
    return toCampaignResponse(await this.campaigns.create(dto));
  }

  @Get()
  async list(@Query() query: PageQueryDto): Promise<{ campaigns: CampaignResponseDto[]; nextCursor: string | null }> {
    const page = await this.campaigns.list(query.limit, query.cursor);
    return { campaigns: page.items.map(toCampaignResponse), nextCursor: page.nextCursor };
  }

  @Get(':id')
  async get(@Param('id', UuidParam) id: string): Promise<CampaignResponseDto> {
    return toCampaignResponse(await this.campaigns.get(id));
  }

  /** Edits a draft; 409 once launched. */
  @Patch(':id')
  async update(@Param('id', UuidParam) id: string, @Body() dto: UpdateCampaignDto): Promise<CampaignResponseDto> {
    return toCampaignResponse(await this.campaigns.update(id, dto));
  }

  /** Before launch: how many shoppers the campaign would reach now, consent applied. */
  @Get(':id/audience')
  async audience(@Param('id', UuidParam) id: string): Promise<{ estimate: number }> {
    return { estimate: await this.campaigns.estimate(id) };
  }

  @Get(':id/stats')
  async stats(@Param('id', UuidParam) id: string): Promise<Record<string, unknown>> {
    return toStatsResponse(await this.campaigns.stats(id));
  }

  @Post(':id/launch')
  @HttpCode(200)
  async launch(@Param('id', UuidParam) id: string): Promise<CampaignResponseDto> {
    return toCampaignResponse(await this.status.apply(id, 'launch'));
  }

  @Post(':id/pause')
  @HttpCode(200)
  async pause(@Param('id', UuidParam) id: string): Promise<CampaignResponseDto> {
    return toCampaignResponse(await this.status.apply(id, 'pause'));
  }

  @Post(':id/resume')
  @HttpCode(200)
  async resume(@Param('id', UuidParam) id: string): Promise<CampaignResponseDto> {
    return toCampaignResponse(await this.status.apply(id, 'resume'));
  }

  @Post(':id/cancel')
  @HttpCode(200)
  async cancel(@Param('id', UuidParam) id: string): Promise<CampaignResponseDto> {
    return toCampaignResponse(await this.status.apply(id, 'cancel'));
  }
}
