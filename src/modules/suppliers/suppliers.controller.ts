import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Idempotent } from '../../common/http/idempotency.interceptor.js';
import { PageQueryDto } from '../../common/http/pagination.js';
import { ApiErrors } from '../../common/openapi/api-errors.decorator.js';
import { ApiIdempotent } from '../../common/openapi/api-idempotent.decorator.js';
import { ApiStaff } from '../auth/api-access.decorator.js';
import { Roles } from '../auth/access.decorator.js';
import { StaffRole } from '../auth/domain/principal.js';
import { CreateSupplierDto, SupplierResponseDto, SuppliersPageResponseDto, toSupplierResponse } from './dto/supplier.dto.js';
import { SuppliersService } from './suppliers.service.js';

@ApiTags('campaigns')
@ApiStaff(StaffRole.Marketer)
@Controller('v1/suppliers')
@Roles(StaffRole.Marketer)
export class SuppliersController {
  constructor(private readonly suppliers: SuppliersService) {}

  @Post()
  @HttpCode(201)
  @Idempotent()
  @ApiOperation({
    summary: 'Create a supplier',
    description: 'A supplier funds campaigns and owns products (`supplierId` of PUT /v1/products).',
  })
  @ApiIdempotent()
  @ApiCreatedResponse({ type: SupplierResponseDto })
  @ApiErrors(400, 413, 415)
  async create(@Body() dto: CreateSupplierDto): Promise<SupplierResponseDto> {
    return toSupplierResponse(await this.suppliers.create(dto.name));
  }

  @Get()
  @ApiOperation({ summary: 'List suppliers', description: 'Newest first, paginated.' })
  @ApiOkResponse({ type: SuppliersPageResponseDto })
  @ApiErrors([400, 'Bad `limit` or `cursor`'])
  async list(@Query() query: PageQueryDto): Promise<SuppliersPageResponseDto> {
    const page = await this.suppliers.list(query.limit, query.cursor);
    return { suppliers: page.items.map(toSupplierResponse), nextCursor: page.nextCursor };
  }
}
