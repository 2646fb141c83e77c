import { applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';
import { ErrorCode } from '../errors/app-error.js';
import { ErrorResponseDto } from '../http/error-response.dto.js';

/** The OpenAPI side of `@Idempotent()` (idempotency.interceptor.ts): the header and what it can answer. */
export function ApiIdempotent(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'Optional, 1-128 characters of `[A-Za-z0-9._:-]`. The same key from the same caller on this route replays the first successful answer ' +
        '(header `Idempotent-Replayed: true`) for IDEMPOTENCY_TTL_SECONDS (24 h by default).',
      schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,128}$', example: '5f1c9a2e-retry-1' },
    }),
    ApiResponse({
      status: 400,
      type: ErrorResponseDto,
      description: 'A malformed `Idempotency-Key` (`details[0].field` is `Idempotency-Key`)',
    }),
    ApiResponse({
      status: 409,
      type: ErrorResponseDto,
      description: 'The `Idempotency-Key` was used with another body, or its first request is still running',
      example: { statusCode: 409, code: ErrorCode.Conflict, message: 'Idempotency-Key reused with a different request' },
    }),
  );
}
