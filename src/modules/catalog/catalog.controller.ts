import { Body, Controller, HttpCode, Put } from '@nestjs/common';
import { ApiBody, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/access.decorator.js';
import { StaffRole } from '../auth/domain/principal.js';
import { CatalogService } from './catalog.service.js';
import { ArrayBodyPipe } from './dto/array-body.pipe.js';
import { MAX_PRODUCTS_PER_CALL, UpsertProductDto, type UpsertProductsResponseDto } from './dto/product.dto.js';

@ApiTags('ingest')
@ApiSecurity('apiKey')
@Controller('v1/products')
@Roles(StaffRole.Ingest)
export class CatalogController {
  constructor(private readonly catalog: CatalogService) {}

  /** Creates or replaces up to 10,000 products; refused whole when any item is bad. */
  @Put()
  @HttpCode(200)
  @ApiBody({ type: [UpsertProductDto] })
  async upsert(
    @Body(new ArrayBodyPipe(UpsertProductDto, { maxItems: MAX_PRODUCTS_PER_CALL })) products: UpsertProductDto[],
  ): Promise<UpsertProductsResponseDto> {
    return { upserted: await this.catalog.upsert(products) };
  }
}
