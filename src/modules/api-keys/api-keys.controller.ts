import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { UuidParam } from '../../common/pipes/uuid-param.pipe.js';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PageQueryDto } from '../../common/http/pagination.js';
import { Idempotent } from '../../common/http/idempotency.interceptor.js';
import { ApiErrors } from '../../common/openapi/api-errors.decorator.js';
import { ApiIdempotent } from '../../common/openapi/api-idempotent.decorator.js';
import { ApiStaff } from '../auth/api-access.decorator.js';
import { Roles } from '../auth/access.decorator.js';
import { CurrentStaff } from '../auth/current-principal.decorator.js';
import { actorOf, StaffRole, type StaffPrincipal } from '../auth/domain/principal.js';
import { ApiKeysService } from './api-keys.service.js';
import { ApiKeysPageResponseDto, CreateApiKeyDto, CreatedApiKeyResponseDto, toApiKeyResponse } from './dto/api-key.dto.js';

@ApiTags('operations')
@ApiStaff(StaffRole.Admin)
@Controller('v1/api-keys')
@Roles(StaffRole.Admin)
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  // The answer holds the new key's secret, shown once: a replay needs it, so it is kept sealed
  // (encrypted, see sealed-answer.ts) for IDEMPOTENCY_TTL_SECONDS; the key itself is stored hashed.
  @Post()
  @HttpCode(201)
  @Idempotent({ sealed: true })
  @ApiOperation({ summary: 'Create an API key', description: 'The answer holds the secret `key`, shown this once; it is stored hashed.' })
  @ApiIdempotent()
  @ApiCreatedResponse({ type: CreatedApiKeyResponseDto })
  @ApiErrors([400, 'Invalid body, or `supplierId` missing, unknown or not allowed for the role'], 413, 415)
  async create(@Body() dto: CreateApiKeyDto, @CurrentStaff() staff: StaffPrincipal): Promise<CreatedApiKeyResponseDto> {
    const { record, key } = await this.apiKeys.create(dto, actorOf(staff));
    return { id: record.id, key, name: record.name, role: record.role, supplierId: record.supplierId };
  }

  @Get()
  @ApiOperation({ summary: 'List API keys', description: 'Newest first, paginated; revoked keys included. Secrets are never shown again.' })
  @ApiOkResponse({ type: ApiKeysPageResponseDto })
  @ApiErrors([400, 'Bad `limit` or `cursor`'])
  async list(@Query() query: PageQueryDto): Promise<ApiKeysPageResponseDto> {
    const page = await this.apiKeys.list(query.limit, query.cursor);
    return { apiKeys: page.items.map(toApiKeyResponse), nextCursor: page.nextCursor };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an API key', description: 'The key stops working at once.' })
  @ApiNoContentResponse({ description: 'Revoked' })
  @ApiErrors([400, '`id` is not a UUID'], 404)
  async revoke(@Param('id', UuidParam) id: string): Promise<void> {
    await this.apiKeys.revoke(id);
  }
}
