import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import type { OrderItem } from '../domain/items-hash.js';
import { type Channel, CHANNELS, PRINTABLE_PATTERN, PURCHASE_LIMITS as L } from '../domain/purchase-limits.js';
import { ISO_TIMESTAMP_PATTERN } from '../domain/timestamp.js';
import type { PurchaseRecord } from '../purchases.repository.js';

const printable = new RegExp(PRINTABLE_PATTERN, 'u');
const printableMessage = { message: '$property must not contain control characters' };

export class PurchaseItemDto {
  @ApiProperty({ maxLength: L.maxSkuLength, example: 'SKU-7310865004703' })
  @IsString()
  @Length(1, L.maxSkuLength)
  @Matches(printable, printableMessage)
  sku: string;

  @ApiProperty({ minimum: 1, maximum: L.maxQuantity, example: 2 })
  @IsInt()
  @Min(1)
  @Max(L.maxQuantity)
  quantity: number;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    maximum: L.maxUnitPriceCents,
    nullable: true,
    description: 'Integer cents',
    example: 249,
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(L.maxUnitPriceCents)
  unitPriceCents?: number | null;
}

/** `POST /v1/purchases`: one order of one customer. The same shape is one line of the bulk NDJSON. */
export class CreatePurchaseDto {
  @ApiProperty({
    description: "The retailer's customer id: pseudonymized at once, never stored",
    maxLength: L.maxCustomerIdLength,
    example: 'C-000123',
  })
  @IsString()
  @Length(1, L.maxCustomerIdLength)
  customerId: string;

  @ApiProperty({ description: 'Unique across the retailer', maxLength: L.maxOrderIdLength, example: 'ORD-2026-000042' })
  @IsString()
  @Length(1, L.maxOrderIdLength)
  @Matches(printable, printableMessage)
  orderId: string;

  @ApiProperty({ example: '2026-11-29T10:15:00Z', description: 'ISO-8601 with an offset; not in the future' })
  @IsString()
  @MaxLength(40)
  @Matches(new RegExp(ISO_TIMESTAMP_PATTERN), { message: 'purchasedAt must be an ISO-8601 date-time with an offset' })
  purchasedAt: string;

  @ApiProperty({ enum: CHANNELS, example: CHANNELS[0] })
  @IsIn(CHANNELS)
  channel: Channel;

  @ApiPropertyOptional({ type: String, maxLength: L.maxStoreIdLength, nullable: true, example: 'STORE-12' })
  @IsOptional()
  @IsString()
  @Length(1, L.maxStoreIdLength)
  @Matches(printable, printableMessage)
  storeId?: string | null;

  @ApiProperty({ type: [PurchaseItemDto], minItems: 1, maxItems: L.maxItems })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(L.maxItems)
  @ValidateNested({ each: true })
  @Type(() => PurchaseItemDto)
  items: PurchaseItemDto[];
}

export class PurchaseResponseDto {
  @ApiProperty({ example: 'ORD-2026-000042' }) orderId: string;
  @ApiProperty({ enum: ['created', 'duplicate'], example: 'created' }) status: 'created' | 'duplicate';
}

export class RejectedLineDto {
  @ApiProperty({ description: '1-based line number in the body or file', example: 3 }) line: number;
  @ApiProperty({
    enum: ['VALIDATION_FAILED', 'PAYLOAD_TOO_LARGE', 'CONFLICT', 'RETENTION_EXPIRED', 'CUSTOMER_SUPPRESSED'],
    example: 'VALIDATION_FAILED',
  })
  code: string;
  @ApiProperty({ example: 'items.0.quantity: quantity must not be less than 1' }) message: string;
}

/** `POST /v1/purchases/bulk`: counts in orders, rejections in lines. */
export class BulkImportResponseDto {
  @ApiProperty({ description: 'Orders stored', example: 4998 }) accepted: number;
  @ApiProperty({ description: 'Orders already stored with the same customer and items', example: 1 }) duplicates: number;
  @ApiProperty({ type: [RejectedLineDto], description: 'The first 1,000 rejected lines' }) rejected: RejectedLineDto[];
  @ApiProperty({ description: 'Every rejected line, listed or not (Panier extension)', example: 1 }) rejectedCount: number;
  @ApiProperty({ description: 'Lines read (Panier extension)', example: 5000 }) lines: number;
}

export class PurchaseItemResponseDto {
  @ApiProperty({ example: 'SKU-7310865004703' }) sku: string;
  @ApiProperty({ example: 2 }) quantity: number;
  @ApiProperty({ nullable: true, type: 'integer', example: 249 }) unitPriceCents: number | null;
}

/** An order of the shopper's history (`GET /v1/me/data`, privacy export). */
export class PurchaseRecordResponseDto {
  @ApiProperty({ example: 'ORD-2026-000042' }) orderId: string;
  @ApiProperty({ format: 'date-time', example: '2026-11-29T10:15:00.000Z' }) purchasedAt: string;
  @ApiProperty({ enum: CHANNELS, example: CHANNELS[0] }) channel: Channel;
  @ApiProperty({ nullable: true, type: String, example: 'STORE-12' }) storeId: string | null;
  @ApiProperty({ type: [PurchaseItemResponseDto] }) items: PurchaseItemResponseDto[];
}

export function toPurchaseRecordResponse(p: PurchaseRecord): PurchaseRecordResponseDto {
  return {
    orderId: p.orderId,
    purchasedAt: p.purchasedAt.toISOString(),
    channel: p.channel,
    storeId: p.storeId,
    items: p.items.map(toItem),
  };
}

function toItem(i: OrderItem): PurchaseItemResponseDto {
  return { sku: i.sku, quantity: i.quantity, unitPriceCents: i.unitPriceCents };
}
