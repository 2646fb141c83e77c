import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import type { CampaignInsight, ReportRow } from '../domain/k-anonymity.js';
import type { GroupBy } from '../insights.repository.js';

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export const GROUP_BYS: readonly GroupBy[] = ['weekday', 'hour', 'channel', 'store'];

export class ProductInsightsQueryDto {
  @ApiProperty({ description: 'Comma-separated skus of the supplier (at most 100)', example: 'SKU-7310865004703,SKU-7310865004710' })
  @IsString()
  @MaxLength(6600)
  skus: string;

  @ApiProperty({ enum: GROUP_BYS, example: 'weekday' }) @IsIn(GROUP_BYS) groupBy: GroupBy;

  @ApiPropertyOptional({
    description: 'YYYY-MM-DD; counted from the first day of its UTC month (default: 12 months before `to`)',
    example: '2026-01-01',
  })
  @IsOptional()
  @Matches(DATE, { message: 'must be a date YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({
    description: 'YYYY-MM-DD; counted to the last day of its UTC month, and only months that are over (default: the last month over)',
    example: '2026-11-30',
  })
  @IsOptional()
  @Matches(DATE, { message: 'must be a date YYYY-MM-DD' })
  to?: string;
}

const WITHHELD = 'null when withheld (fewer than INSIGHTS_MIN_AUDIENCE shoppers behind it, or recoverable by subtraction)';

class InsightConversionDto {
  @ApiProperty({ type: Number, nullable: true, description: 'A fraction; null when withheld or the group is empty', example: 0.061 })
  treatment: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 0.042 }) holdout: number | null;
}

class InsightUpliftDto {
  @ApiProperty({ type: Number, nullable: true, example: 0.019 }) absolute: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 0.452381 }) relative: number | null;
}

/** `GET /v1/insights/campaigns/{id}`: the supplier's campaign, aggregated and k-anonymous. */
export class CampaignInsightResponseDto implements CampaignInsight {
  @ApiProperty({ format: 'uuid', example: 'c4a1e2b3-5d6f-4a7b-8c9d-0e1f2a3b4c5d' }) campaignId: string;
  @ApiProperty({ example: 'Oat milk, December' }) name: string;
  @ApiProperty({ enum: ['draft', 'scheduled', 'running', 'paused', 'completed', 'cancelled'], example: 'running' }) status: string;
  @ApiProperty({ type: Number, nullable: true, description: WITHHELD, example: 18250 }) audience: number | null;
  @ApiProperty({ type: Number, nullable: true, description: WITHHELD, example: 1825 }) holdout: number | null;
  @ApiProperty({ type: Number, nullable: true, description: WITHHELD, example: 16400 }) delivered: number | null;
  @ApiProperty({ type: Number, nullable: true, description: WITHHELD, example: 8700 }) seen: number | null;
  @ApiProperty({ type: Number, nullable: true, description: WITHHELD, example: 1002 }) converted: number | null;
  @ApiProperty({ type: InsightConversionDto }) conversion: InsightConversionDto;
  @ApiProperty({ type: InsightUpliftDto }) uplift: InsightUpliftDto;
  @ApiProperty({ type: [String], description: 'The figures withheld, by name', example: [] }) withheld: string[];
}

export class ReportRowDto implements ReportRow {
  @ApiProperty({ description: 'The group: a weekday, an hour, a channel or a store', example: 'saturday' }) group: string;
  @ApiProperty({ type: Number, nullable: true, description: WITHHELD, example: 412 }) buyers: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 530 }) baskets: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 688 }) units: number | null;
  @ApiProperty({ example: false }) withheld: boolean;
}

export class ReportWindowDto {
  @ApiProperty({ description: 'The first day counted: the first of a month', example: '2026-01-01' }) from: string;
  @ApiProperty({ description: 'The last day counted, included: the last of a month', example: '2026-11-30' }) to: string;
}

/** `GET /v1/insights/products`. */
export class ProductInsightsResponseDto {
  @ApiProperty({ type: [ReportRowDto] }) rows: ReportRowDto[];
  @ApiProperty({ description: 'Rows withheld', example: 0 }) suppressed: number;
  @ApiProperty({
    type: ReportWindowDto,
    nullable: true,
    description:
      'Panier extension: the window counted, the one asked for snapped to whole calendar months that are over; null when none is',
  })
  window: ReportWindowDto | null;
}
