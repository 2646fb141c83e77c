import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { UuidParam } from '../../common/pipes/uuid-param.pipe.js';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import { PageQueryDto } from '../../common/http/pagination.js';
import { Idempotent } from '../../common/http/idempotency.interceptor.js';
import { Roles } from '../auth/access.decorator.js';
import { CurrentStaff } from '../auth/current-principal.decorator.js';
import { actorOf, StaffRole, type StaffPrincipal } from '../auth/domain/principal.js';
import { ApiKeysService } from './api-keys.service.js';
import { type ApiKeyResponseDto, CreateApiKeyDto, type CreatedApiKeyResponseDto, toApiKeyResponse } from './dto/api-key.dto.js';

@ApiTags('operations')
@ApiSecurity('apiKey')
@Controller('v1/api-keys')
@Roles(StaffRole.Admin)
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  // The answer holds the new key's secret, shown once: a replay needs it, so it is kept sealed
  // (encrypted, see sealed-answer.ts) for IDEMPOTENCY_TTL_SECONDS; the key itself is stored hashed.
  @Post()
  @HttpCode(201)
  @Idempotent({ sealed: true })
  async create(@Body() dto: CreateApiKeyDto, @CurrentStaff() staff: StaffPrincipal): Promise<CreatedApiKeyResponseDto> {
    const { record, key } = await this.apiKeys.create(dto, actorOf(staff));
    return { id: record.id, key, name: record.name, role: record.role, supplierId: record.supplierId };
  }

  @Get()
  async list(@Query() query: PageQueryDto): Promise<{ apiKeys: ApiKeyResponseDto[]; nextCursor: string | null }> {
    const page = await this.apiKeys.list(query.limit, query.cursor);
    return { apiKeys: page.items.map(toApiKeyResponse), nextCursor: page.nextCursor };
  }

  @Delete(':id')
  @HttpCode(204)
  async revoke(@Param('id', UuidParam) id: string): Promise<void> {
    await this.apiKeys.revoke(id);
  }
}
