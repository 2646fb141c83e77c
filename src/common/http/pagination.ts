import { AppError } from '../errors/app-error.js';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

/** `?limit=` (default 50, at most 500) and `?cursor=` of every list endpoint. */
export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 50 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500)
  limit = 50;

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page' })
  @IsOptional() @IsString() @MaxLength(200)
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Cuts a `limit + 1` fetch into a page and the cursor of the next one. */
export function pageOf<T>(rows: T[], limit: number, cursorOf: (last: T) => string): Page<T> {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? cursorOf(items[items.length - 1]) : null };
}

/** Reads a timestamp cursor; a cursor that was not one of ours is a 400, not a 500. */
export function dateCursor(cursor: string | undefined): Date | undefined {
  if (cursor === undefined) return undefined;
  const date = new Date(cursor);
  if (Number.isNaN(date.getTime())) throw AppError.validation([{ field: 'cursor', message: 'invalid cursor' }]);
  return date;
}
