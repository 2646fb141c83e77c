import { Injectable, type PipeTransform } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { AppError } from '../errors/app-error.js';

/** `@Param('id', UuidParam)`: a malformed id is a 400 naming the parameter. */
@Injectable()
export class UuidParam implements PipeTransform<string, string> {
  transform(value: string, metadata: { data?: string }): string {
    if (!isUUID(value)) throw AppError.validation([{ field: metadata.data ?? 'id', message: 'must be a UUID' }]);
    return value;
  }
}
