import { Body, Controller, HttpCode, Put } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../common/openapi/api-errors.decorator.js';
import { ApiStaff } from '../auth/api-access.decorator.js';
import { Roles } from '../auth/access.decorator.js';
import { StaffRole } from '../auth/domain/principal.js';
import { CatalogService } from './catalog.service.js';
import { ArrayBodyPipe } from './dto/array-body.pipe.js';
import { MAX_PRODUCTS_PER_CALL, UpsertProductDto, UpsertProductsResponseDto } from './dto/product.dto.js';

@ApiTags('ingest')
@ApiStaff(StaffRole.Ingest)
@Controller('v1/products')
@Roles(StaffRole.Ingest)
export class CatalogController {
  constructor(private readonly catalog: CatalogService) {}

  /** Creates or replaces up to 10,000 products; refused whole when any item is bad. */
  @Put()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Create or replace products',
    description:
      'Up to 10,000 products per call (body up to BODY_LIMIT_PRODUCTS, 10 MB by default); the whole call is refused when any item is bad.',
  })
  @ApiBody({ type: [UpsertProductDto] })
  @ApiOkResponse({ type: UpsertProductsResponseDto })
  @ApiErrors([400, 'An item is invalid, or names an unknown supplier; nothing is written'], 413, 415)
  async upsert(
    @Body(new ArrayBodyPipe(UpsertProductDto, { maxItems: MAX_PRODUCTS_PER_CALL })) products: UpsertProductDto[],
  ): Promise<UpsertProductsResponseDto> {
    return { upserted: await this.catalog.upsert(products) };
  }
}
