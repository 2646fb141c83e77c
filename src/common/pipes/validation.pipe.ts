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
    }
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): AppValidationPipe {
  return new AppValidationPipe();
}
