import { type ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import { AppError } from '../errors/app-error.js';
import { flattenValidationErrors } from './validation-errors.js';

/**
 * The one validation pipe of HTTP bodies and socket payloads (it runs on gateways too): unknown
 * fields rejected, types checked, every field at fault named. A payload that is not an object at
 * all (a string, an array, a number) is refused as a whole, field `body`. Throws an AppError,
 * which each transport's filter maps.
 */
export class AppValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      // Payload classes without fields (socket events like cart:clear) must still refuse any field:
      // whitelist + forbidNonWhitelisted do that; forbidUnknownValues would refuse the class itself.
      forbidUnknownValues: false,
      transform: true,
      transformOptions: { enableImplicitConversion: false },
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => AppError.validation(flattenValidationErrors(errors)),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && this.toValidate(metadata)) {
      if (value === undefined || value === null) value = {};
      if (typeof value !== 'object' || Array.isArray(value))
        throw AppError.validation([{ field: 'body', message: 'must be a JSON object' }]);
      const polluting = pollutingKeys(value);
      if (polluting.length) throw AppError.validation(polluting.map((field) => ({ field, message: 'unknown field' })));
    }
    return super.transform(value, metadata);
  }
}

/** Keys that name an object's prototype rather than a field. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * The paths of prototype keys anywhere in a parsed body. class-transformer drops them without a
 * word, so `forbidNonWhitelisted` never sees them and `{"__proto__": …}` would pass as `{}`: they
 * are unknown fields like any other, and refused as such. (JSON.parse makes them own keys; depth
 * is bounded by the body parser.)
 */
function pollutingKeys(value: unknown, path = ''): string[] {
  if (typeof value !== 'object' || value === null) return [];
  const out: string[] = [];
  for (const key of Object.keys(value)) {
    const at = Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
    if (!Array.isArray(value) && PROTOTYPE_KEYS.has(key)) out.push(at);
    else out.push(...pollutingKeys((value as Record<string, unknown>)[key], at));
  }
  return out;
}

export function createValidationPipe(): AppValidationPipe {
  return new AppValidationPipe();
}
