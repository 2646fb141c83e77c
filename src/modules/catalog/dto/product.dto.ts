import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { PRINTABLE_PATTERN, PURCHASE_LIMITS } from '../../purchases/domain/purchase-limits.js';

const printable = new RegExp(PRINTABLE_PATTERN, 'u');
const printableMessage = { message: '$property must not contain control characters' };

/** Products per `PUT /v1/products` call. */
export const MAX_PRODUCTS_PER_CALL = 10_000;

/** One item of the `PUT /v1/products` array. */
export class UpsertProductDto {
  @ApiProperty({ maxLength: PURCHASE_LIMITS.maxSkuLength })
  @IsString()
  @Length(1, PURCHASE_LIMITS.maxSkuLength)
  @Matches(printable, printableMessage)
  sku: string;

  @ApiProperty({ maxLength: 200 })
  @IsString()
  @Length(1, 200)
  @Matches(printable, printableMessage)
  name: string;

  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  @Matches(printable, printableMessage)
  category?: string;

  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  @Matches(printable, printableMessage)
  brand?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'An existing supplier (POST /v1/suppliers)' })
  @IsOptional()
  @IsUUID()
  supplierId?: string;

  @ApiPropertyOptional({ default: true, description: 'An inactive product is never reminded or offered' })
  @IsOptional()
  @IsBoolean()
  active?: boolean = true;
}

export class UpsertProductsResponseDto {
  @ApiProperty({ description: 'Distinct skus written (a sku repeated in the body counts once: the last one wins)' })
  upserted: number;
}
