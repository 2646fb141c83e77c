import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, MaxLength } from 'class-validator';
import type { GroupBy } from '../insights.repository.js';

export const GROUP_BYS: readonly GroupBy[] = ['weekday', 'hour', 'channel', 'store'];

export class ProductInsightsQueryDto {
  @ApiProperty({ description: 'Comma-separated skus of the supplier (at most 100)' })
  @IsString() @MaxLength(6600)
  skus: string;

  @ApiProperty({ enum: GROUP_BYS }) @IsIn(GROUP_BYS) groupBy: GroupBy;

  @ApiPropertyOptional({ description: 'ISO date; counted from the start of that UTC day' }) @IsOptional() @IsISO8601() from?: string;

  @ApiPropertyOptional({ description: 'ISO date; counted up to the end of that UTC day' }) @IsOptional() @IsISO8601() to?: string;
}
