import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../../common/http/pagination.js';
import { PageResponseDto } from '../../../common/openapi/page-response.dto.js';
import { PRINTABLE_PATTERN } from '../../purchases/domain/purchase-limits.js';
import type { ListedProduct } from '../domain/product.js';

const printable = new RegExp(PRINTABLE_PATTERN, 'u');
const printableMessage = { message: '$property must not contain control characters' };

/** `GET /v1/products`: search, category, and the page of every list. */
export class ListProductsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ maxLength: 100, description: 'Case-insensitive substring of the name, sku or brand', example: 'milk' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  @Matches(printable, printableMessage)
  q?: string;

  @ApiPropertyOptional({ maxLength: 100, description: 'Exact category (GET /v1/products/categories lists them)', example: 'dairy' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  @Matches(printable, printableMessage)
  category?: string;

  // A product cursor holds a sku (up to 64 characters of any script): longer than other lists' cursors.
  @ApiPropertyOptional({ description: 'The nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(400)
  declare cursor?: string;
}

export class ProductResponseDto {
  @ApiProperty({ example: 'DAI-001' }) sku: string;
  @ApiProperty({ example: 'Alpine Meadow Whole Milk 1 L' }) name: string;
  @ApiProperty({ type: String, nullable: true, example: 'dairy' }) category: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Alpine Meadow' }) brand: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: '3f2b8c1e-7d4a-4e9b-9c1f-2a6d8e0b5c47' }) supplierId: string | null;
  @ApiProperty({ description: 'Inactive products are never reminded or offered; shoppers never see them here', example: true })
  active: boolean;
}

/** `GET /v1/products`: a page, newest first. */
export class ProductsPageResponseDto extends PageResponseDto {
  @ApiProperty({ type: [ProductResponseDto] }) products: ProductResponseDto[];
}

export function toProductResponse(p: ListedProduct): ProductResponseDto {
  return { sku: p.sku, name: p.name, category: p.category, brand: p.brand, supplierId: p.supplierId, active: p.active };
}

export class CategoryResponseDto {
  @ApiProperty({ example: 'dairy' }) name: string;
  @ApiProperty({ description: 'Products of the category the caller may see', example: 31 }) products: number;
}

/** `GET /v1/products/categories`: every category, by name, in one page. */
export class CategoriesResponseDto extends PageResponseDto {
  @ApiProperty({ type: [CategoryResponseDto] }) categories: CategoryResponseDto[];
}
