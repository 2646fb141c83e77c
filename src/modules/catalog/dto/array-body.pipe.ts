import type { PipeTransform, Type } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { AppError, type ErrorDetail } from '../../../common/errors/app-error.js';
import { flattenValidationErrors } from '../../../common/pipes/validation-errors.js';

/** Enough to fix a file, not so many that a broken 10,000-item body makes a megabyte of errors. */
const MAX_DETAILS = 100;

/**
 * Validates an array body item by item with the house rules (unknown fields refused, types
 * checked), naming each field at fault with its index: `0.sku`. The whole body is refused when
 * any item is bad. The global ValidationPipe skips arrays, hence this pipe:
 * `@Body(new ArrayBodyPipe(UpsertProductDto, { maxItems: 10_000 }))`.
 */
export class ArrayBodyPipe<T extends object> implements PipeTransform<unknown, T[]> {
  constructor(
    private readonly itemType: Type<T>,
    private readonly limits: { minItems?: number; maxItems: number },
  ) {}

  transform(value: unknown): T[] {
    if (!Array.isArray(value)) throw AppError.validation([{ field: 'body', message: 'must be an array' }]);
    const min = this.limits.minItems ?? 1;
    if (value.length < min || value.length > this.limits.maxItems) {
      throw AppError.validation([{ field: 'body', message: `must hold ${min} to ${this.limits.maxItems} items` }]);
    }
    const details: ErrorDetail[] = [];
    const items = value.map((raw: unknown, index) => {
      if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
        details.push({ field: String(index), message: 'must be an object' });
        return undefined;
      }
      const item = plainToInstance(this.itemType, raw, { enableImplicitConversion: false, exposeDefaultValues: true });
      const errors = validateSync(item, { whitelist: true, forbidNonWhitelisted: true, validationError: { target: false, value: false } });
      details.push(...flattenValidationErrors(errors, String(index)));
      return item;
    });
    if (details.length > 0) {
      const shown = details.slice(0, MAX_DETAILS);
      const more = details.length - shown.length;
      throw AppError.validation(shown, more > 0 ? `Validation failed (${more} more problems not listed)` : 'Validation failed');
    }
    return items as T[];
  }
}
