import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Idempotent } from '../../common/http/idempotency.interceptor.js';
import { PageQueryDto } from '../../common/http/pagination.js';
import { Roles } from '../auth/access.decorator.js';
import { StaffRole } from '../auth/domain/principal.js';
import { CreateSupplierDto, type SupplierResponseDto, toSupplierResponse } from './dto/supplier.dto.js';
import { SuppliersService } from './suppliers.service.js';

@ApiTags('campaigns')
@ApiSecurity('apiKey')
@Controller('v1/suppliers')
@Roles(StaffRole.Marketer)
export class SuppliersController {
  constructor(private readonly suppliers: SuppliersService) {}

  @Post()
  @HttpCode(201)
  @Idempotent()
  async create(@Body() dto: CreateSupplierDto): Promise<SupplierResponseDto> {
    return toSupplierResponse(await this.suppliers.create(dto.name));
  }

  @Get()
  async list(@Query() query: PageQueryDto): Promise<{ suppliers: SupplierResponseDto[]; nextCursor: string | null }> {
    const page = await this.suppliers.list(query.limit, query.cursor);
    return { suppliers: page.items.map(toSupplierResponse), nextCursor: page.nextCursor };
  }
}
