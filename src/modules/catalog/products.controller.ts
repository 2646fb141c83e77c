import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../common/openapi/api-errors.decorator.js';
import { ApiShopperOrStaff } from '../auth/api-access.decorator.js';
import { ShopperOrStaff } from '../auth/access.decorator.js';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import { type Principal, STAFF_ROLES } from '../auth/domain/principal.js';
import { CatalogService } from './catalog.service.js';
import { CategoriesResponseDto, ListProductsQueryDto, ProductsPageResponseDto, toProductResponse } from './dto/list-products.dto.js';

const WHO_SEES_WHAT =
  'Shoppers see active products only; a `supplier` key sees its own supplier’s products, active or not; every other staff key sees the whole catalog.';

/** The catalog read, for shoppers' apps and staff alike (the writes are CatalogController's). */
@ApiTags('catalog')
@ApiShopperOrStaff(...STAFF_ROLES)
@Controller('v1/products')
@ShopperOrStaff(...STAFF_ROLES)
export class ProductsController {
  constructor(private readonly catalog: CatalogService) {}

  @Get()
  @ApiOperation({
    summary: 'Search and browse products',
    description: `Newest first, paginated. \`q\` matches a case-insensitive substring of the name, sku or brand; \`category\` an exact category. ${WHO_SEES_WHAT}`,
  })
  @ApiOkResponse({ type: ProductsPageResponseDto })
  @ApiErrors([400, 'Bad `q`, `category`, `limit` or `cursor`'])
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListProductsQueryDto): Promise<ProductsPageResponseDto> {
    const page = await this.catalog.list(principal, { q: query.q, category: query.category }, query.limit, query.cursor);
    return { products: page.items.map(toProductResponse), nextCursor: page.nextCursor };
  }

  @Get('categories')
  @ApiOperation({
    summary: 'List product categories',
    description: `Every category by name, with its number of products, in one page (at most 1,000). ${WHO_SEES_WHAT}`,
  })
  @ApiOkResponse({ type: CategoriesResponseDto })
  async categories(@CurrentPrincipal() principal: Principal): Promise<CategoriesResponseDto> {
    return { categories: await this.catalog.categories(principal), nextCursor: null };
  }
}
