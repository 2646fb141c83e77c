import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import { AppError } from '../errors/app-error.js';
import { createValidationPipe } from './validation.pipe.js';

/**
 * Validates socket payloads with the same rules as HTTP bodies. A payload that is not an object
 * at all (a string, an array, nothing) is refused before class-validator sees it.
 */
@Injectable()
export class WsValidationPipe implements PipeTransform {
  private readonly inner = createValidationPipe();

  async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'body') return value;
    const payload = value === undefined || value === null ? {} : value;
    if (typeof payload !== 'object' || Array.isArray(payload)) {
      throw AppError.validation([{ field: 'payload', message: 'must be an object' }]);
    }
    return this.inner.transform(payload, metadata);
  }
}
