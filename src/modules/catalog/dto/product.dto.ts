import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { PRINTABLE_PATTERN, PURCHASE_LIMITS } from '../../purchases/domain/purchase-limits.js';

const printable = new RegExp(PRINTABLE_PATTERN, 'u');
const printableMessage = { message: '$property must not contain control characters' };

/** Products per `PUT /v1/products` call. */
export const MAX_PRODUCTS_PER_CALL = 10_000;

/** One item of the `PUT /v1/products` array. */
export class UpsertProductDto {
  @ApiProperty({ maxLength: PURCHASE_LIMITS.maxSkuLength, example: 'SKU-7310865004703' })
  @IsString()
  @Length(1, PURCHASE_LIMITS.maxSkuLength)
  @Matches(printable, printableMessage)
  sku: string;

  @ApiProperty({ maxLength: 200, example: 'Organic oat milk 1 L' })
  @IsString()
  @Length(1, 200)
  @Matches(printable, printableMessage)
  name: string;

  @ApiPropertyOptional({ maxLength: 100, example: 'dairy-alternatives' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  @Matches(printable, printableMessage)
  category?: string;

  @ApiPropertyOptional({ maxLength: 100, example: 'Oatly' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  @Matches(printable, printableMessage)
  brand?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'An existing supplier (POST /v1/suppliers)',
    example: '3f2b8c1e-7d4a-4e9b-9c1f-2a6d8e0b5c47',
  })
  @IsOptional()
  @IsUUID()
  supplierId?: string;

  @ApiPropertyOptional({ default: true, description: 'An inactive product is never reminded or offered', example: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean = true;
}

export class UpsertProductsResponseDto {
  @ApiProperty({ description: 'Distinct skus written (a sku repeated in the body counts once: the last one wins)', example: 2 })
  upserted: number;
}
