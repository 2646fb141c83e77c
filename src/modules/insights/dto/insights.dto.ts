import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import type { GroupBy } from '../insights.repository.js';

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export const GROUP_BYS: readonly GroupBy[] = ['weekday', 'hour', 'channel', 'store'];

export class ProductInsightsQueryDto {
  @ApiProperty({ description: 'Comma-separated skus of the supplier (at most 100)' })
  @IsString() @MaxLength(6600)
  skus: string;

  @ApiProperty({ enum: GROUP_BYS }) @IsIn(GROUP_BYS) groupBy: GroupBy;

  @ApiPropertyOptional({ description: 'YYYY-MM-DD; counted from the start of that UTC day (default: a year before `to`)' })
  @IsOptional() @Matches(DATE, { message: 'must be a date YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ description: 'YYYY-MM-DD, included; days not over yet are never counted (default: yesterday)' })
  @IsOptional() @Matches(DATE, { message: 'must be a date YYYY-MM-DD' })
  to?: string;
}
