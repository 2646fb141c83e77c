import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorCode, type ErrorBody } from '../errors/app-error.js';
import { ErrorResponseDto } from '../http/error-response.dto.js';

/** The error statuses a route can document, each with its code and the usual reason. */
const ERRORS = {
  400: {
    code: ErrorCode.ValidationFailed,
    message: 'Validation failed',
    description: 'Validation failed: `details` names every field at fault',
  },
  401: { code: ErrorCode.Unauthorized, message: 'Missing or invalid credentials', description: 'No credentials, or invalid ones' },
  403: {
    code: ErrorCode.Forbidden,
    message: 'Not allowed for this role',
    description: 'The credentials are valid but not for this route (another role, or a staff key on a shopper route)',
  },
  404: { code: ErrorCode.NotFound, message: 'Resource not found', description: 'Not found (or not yours)' },
  409: { code: ErrorCode.Conflict, message: 'Conflict with the current state', description: 'Conflict with the current state' },
  413: { code: ErrorCode.PayloadTooLarge, message: 'Request body too large', description: 'The body is larger than the limit' },
  415: { code: ErrorCode.UnsupportedMediaType, message: 'Send the body as application/json', description: 'The body is not JSON' },
  429: { code: ErrorCode.RateLimited, message: 'Too many requests', description: 'Rate limited: retry after `Retry-After` seconds' },
  503: { code: ErrorCode.ServiceUnavailable, message: 'Not ready: redis', description: 'A dependency is down' },
} as const satisfies Record<number, { code: ErrorCode; message: string; description: string }>;

export type ErrorStatus = keyof typeof ERRORS;

/** An example of the one error body, for a status. */
export function errorExample(status: ErrorStatus): ErrorBody {
  const body: ErrorBody = { statusCode: status, code: ERRORS[status].code, message: ERRORS[status].message };
  return status === 400 ? { ...body, details: [{ field: 'name', message: 'name should not be empty' }] } : body;
}

/**
 * Documents the error answers of a route (or of every route of a controller) with the common error
 * body: `ApiErrors(400, 404)`, or `ApiErrors([409, 'Launched campaigns cannot be edited'])` with a
 * description of the route's own. A method's entry wins over its controller's for the same status.
 */
export function ApiErrors(...statuses: Array<ErrorStatus | [ErrorStatus, string]>): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((entry) => {
      const [status, description] = Array.isArray(entry) ? entry : [entry, ERRORS[entry].description];
      return ApiResponse({ status, description, type: ErrorResponseDto, example: errorExample(status) });
    }),
  );
}
