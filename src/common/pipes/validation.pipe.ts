import { ValidationPipe } from '@nestjs/common';
import { AppError } from '../errors/app-error.js';
import { flattenValidationErrors } from './validation-errors.js';

/**
 * The one validation pipe of HTTP and socket payloads: unknown fields rejected, types checked,
 * every field at fault named. Throws an AppError, which each transport's filter maps.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => AppError.validation(flattenValidationErrors(errors)),
  });
}
