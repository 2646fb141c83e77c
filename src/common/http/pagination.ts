import { AppError } from '../errors/app-error.js';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, isUUID, Max, MaxLength, Min } from 'class-validator';

/** `?limit=` (default 50, at most 500) and `?cursor=` of every list endpoint. */
export class PageQueryDto {
  @ApiPropertyOptional({ type: Number, minimum: 1, maximum: 500, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit = 50;

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
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

/** A keyset position: rows strictly after it in (createdAt desc, id desc) order. */
export interface KeysetCursor {
  at: Date;
  id: string;
}

/** `<ISO time>_<id>`, opaque to clients. Rows sharing a timestamp are neither skipped nor repeated. */
export function encodeCursor(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}_${id}`).toString('base64url');
}

/**
 * Reads a cursor of ours; anything else is a 400 naming `cursor`, never a 500. Every keyset list
 * is on uuid ids: a cursor that decodes but names something else would fail PostgreSQL's cast.
 */
export function decodeCursor(cursor: string | undefined): KeysetCursor | undefined {
  if (cursor === undefined) return undefined;
  const [iso, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('_');
  const at = new Date(iso ?? '');
  if (!id || rest.length > 0 || !isUUID(id) || Number.isNaN(at.getTime())) throw invalidCursor();
  return { at, id };
}

/** The Prisma-free shape of "after this cursor", for repositories on (createdAt, id). */
export function afterCursor(cursor: KeysetCursor | undefined): object {
  return cursor ? { OR: [{ createdAt: { lt: cursor.at } }, { createdAt: cursor.at, id: { lt: cursor.id } }] } : {};
}

/** A keyset position on (createdAt desc, key asc), for lists keyed by text (product skus). */
export interface TextKeysetCursor {
  at: Date;
  key: string;
}

/** `<ISO time>_<key>`, opaque to clients; the key may hold `_` (the time never does). */
export function encodeTextCursor(at: Date, key: string): string {
  return Buffer.from(`${at.toISOString()}_${key}`).toString('base64url');
}

/** Reads a text-keyed cursor of ours; anything else is a 400 naming `cursor`. */
export function decodeTextCursor(cursor: string | undefined): TextKeysetCursor | undefined {
  if (cursor === undefined) return undefined;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const cut = text.indexOf('_');
  const at = new Date(cut > 0 ? text.slice(0, cut) : '');
  const key = text.slice(cut + 1);
  // A control character (NUL above all) would fail the query rather than match nothing.
  // eslint-disable-next-line no-control-regex
  if (cut < 0 || !key || /[\u0000-\u001f\u007f]/.test(key) || Number.isNaN(at.getTime()) || !/^\d{4}-/.test(text)) throw invalidCursor();
  return { at, key };
}

/** Reads a timestamp-only cursor (lists whose timestamps are unique); a foreign cursor is a 400. */
export function dateCursor(cursor: string | undefined): Date | undefined {
  if (cursor === undefined) return undefined;
  const date = new Date(cursor);
  if (Number.isNaN(date.getTime())) throw invalidCursor();
  return date;
}

/** Reads an id cursor (a positive PostgreSQL bigint of ours); anything else, too large included, is a 400. */
export function bigintCursor(cursor: string | undefined): bigint | undefined {
  if (cursor === undefined) return undefined;
  const id = /^\d{1,19}$/.test(cursor) ? BigInt(cursor) : -1n;
  if (id < 1n || id > 9_223_372_036_854_775_807n) throw invalidCursor();
  return id;
}

/** The one answer to a cursor that is not ours: a 400 naming `cursor`, never a failed query. */
function invalidCursor(): AppError {
  return AppError.validation([{ field: 'cursor', message: 'invalid cursor' }]);
}
