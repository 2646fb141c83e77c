import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Optional } from '../../../common/validation/optional.js';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsISO8601,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

const MAX_LIST = 1000;

/** A list of identifiers (skus, categories, brands): non-empty strings, no repeats. */
function IdList(): PropertyDecorator {
  return (target, key) => {
    for (const d of [
      Optional(),
      IsArray(),
      ArrayMaxSize(MAX_LIST),
      ArrayUnique(),
      IsString({ each: true }),
      IsNotEmpty({ each: true }),
      MaxLength(200, { each: true }),
    ])
      d(target, key);
  };
}

export class AudienceRuleDto {
  @ApiPropertyOptional({ type: [String], example: ['SKU-7310865004703'] }) @IdList() skus?: string[];
  @ApiPropertyOptional({ type: [String], example: ['dairy-alternatives'] }) @IdList() categories?: string[];
  @ApiPropertyOptional({ type: [String], example: ['Oatly'] }) @IdList() brands?: string[];
  @ApiPropertyOptional({ minimum: 1, maximum: 3650, example: 90 }) @Optional() @IsInt() @Min(1) @Max(3650) withinDays?: number;
  @ApiPropertyOptional({ minimum: 1, default: 1, example: 2 }) @Optional() @IsInt() @Min(1) @Max(1000) minPurchases?: number;
}

export class AudienceDto {
  @ApiProperty({ type: [AudienceRuleDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => AudienceRuleDto)
  include: AudienceRuleDto[];

  @ApiPropertyOptional({ type: [AudienceRuleDto] })
  @Optional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => AudienceRuleDto)
  exclude?: AudienceRuleDto[];
}

export class DiscountDto {
  @ApiProperty({ enum: ['percent', 'amount'], example: 'percent' }) @IsIn(['percent', 'amount']) type: 'percent' | 'amount';
  @ApiProperty({ description: 'A percentage (1-100) or an amount in cents', example: 20 }) @IsInt() @Min(1) @Max(100_000_000) value: number;
}

export class OfferDto {
  @ApiProperty({ example: '20 % off oat milk' }) @IsString() @IsNotEmpty() @MaxLength(120) title: string;
  @ApiProperty({ example: 'This week only, on every Oatly 1 L.' }) @IsString() @IsNotEmpty() @MaxLength(1000) body: string;
  @ApiProperty({ type: [String], example: ['SKU-7310865004703'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  skus: string[];
  @ApiProperty({ type: DiscountDto }) @IsObject() @ValidateNested() @Type(() => DiscountDto) discount: DiscountDto;
  @ApiProperty({ minimum: 1, maximum: 365, example: 7 }) @IsInt() @Min(1) @Max(365) validDays: number;
}

export class BudgetDto {
  @ApiProperty({ description: 'cents', example: 1000000 }) @IsInt() @Min(1) @Max(Number.MAX_SAFE_INTEGER) totalCents: number;
  @ApiProperty({ description: 'cents charged once per delivery', example: 50 })
  @IsInt()
  @Min(1)
  @Max(100_000_000)
  costPerDeliveryCents: number;
}

export class FrequencyCapDto {
  @ApiProperty({ minimum: 1, maximum: 1000, example: 2 }) @IsInt() @Min(1) @Max(1000) max: number;
  @ApiProperty({ minimum: 1, maximum: 2160, example: 168 }) @IsInt() @Min(1) @Max(2160) perHours: number;
}

export class QuietHoursDto {
  @ApiProperty({ example: '21:00' }) @IsString() start: string;
  @ApiProperty({ example: '08:00' }) @IsString() end: string;
  @ApiProperty({ example: 'Europe/Paris' }) @IsString() @MaxLength(64) timezone: string;
}

/** The body of `POST /v1/campaigns` (public contract). Cross-field rules: domain/campaign-rules.ts. */
export class CreateCampaignDto {
  @ApiProperty({ example: 'Oat milk, December' }) @IsString() @IsNotEmpty() @MaxLength(200) name: string;
  @ApiProperty({ format: 'uuid', example: '3f2b8c1e-7d4a-4e9b-9c1f-2a6d8e0b5c47' }) @IsUUID() supplierId: string;
  @ApiProperty({ type: OfferDto }) @IsObject() @ValidateNested() @Type(() => OfferDto) offer: OfferDto;
  @ApiProperty({ type: AudienceDto }) @IsObject() @ValidateNested() @Type(() => AudienceDto) audience: AudienceDto;
  @ApiProperty({ enum: ['broadcast', 'cart'], example: 'broadcast' }) @IsIn(['broadcast', 'cart']) trigger: 'broadcast' | 'cart';
  @ApiPropertyOptional({
    type: [String],
    description: 'For trigger `cart`: a `cart:add` of one of these skus triggers the offer',
    example: ['SKU-7310865004710'],
  })
  @IdList()
  cartSkus?: string[];
  @ApiPropertyOptional({
    type: [String],
    description: 'For trigger `cart`: a `cart:add` of a product of one of these categories triggers the offer',
    example: ['breakfast-cereals'],
  })
  @IdList()
  cartCategories?: string[];
  @ApiProperty({ type: [String], enum: ['in_app', 'push'], example: ['in_app', 'push'] })
  @IsArray()
  @ArrayMinSize(1)
  @IsIn(['in_app', 'push'], { each: true })
  channels: Array<'in_app' | 'push'>;
  @ApiProperty({ format: 'date-time', example: '2026-12-01T00:00:00Z' })
  @IsISO8601({ strict: true, strictSeparator: true })
  startsAt: string;
  @ApiProperty({ format: 'date-time', example: '2026-12-31T23:59:59Z' }) @IsISO8601({ strict: true, strictSeparator: true }) endsAt: string;
  @ApiProperty({ type: BudgetDto }) @IsObject() @ValidateNested() @Type(() => BudgetDto) budget: BudgetDto;
  @ApiPropertyOptional({ type: FrequencyCapDto })
  @Optional()
  @IsObject()
  @ValidateNested()
  @Type(() => FrequencyCapDto)
  frequencyCap?: FrequencyCapDto;
  @ApiPropertyOptional({ type: QuietHoursDto })
  @Optional()
  @IsObject()
  @ValidateNested()
  @Type(() => QuietHoursDto)
  quietHours?: QuietHoursDto;
  @ApiPropertyOptional({ minimum: 0, maximum: 50, default: 0, example: 10 }) @Optional() @IsInt() @Min(0) @Max(50) holdoutPercent?: number;
  @ApiPropertyOptional({
    default: false,
    example: false,
    description:
      'Panier extension, for campaigns with both channels: also push to a shopper whose app is connected at the moment of sending (by default such a shopper gets the in-app offer only)',
  })
  @Optional()
  @IsBoolean()
  pushWhenConnected?: boolean;
}

/** `PATCH /v1/campaigns/:id`: any top-level field of the create body; `null` removes an optional one (null means "absent" nowhere else). */
export class UpdateCampaignDto extends PartialType(CreateCampaignDto) {}
