import { HttpException, HttpStatus } from '@nestjs/common';
import { AppError, ErrorCode, type ErrorBody } from './app-error.js';
import { JSON_NOT_UTF8, JSON_TOO_DEEP, MAX_JSON_DEPTH } from '../http/json-depth.js';

const CODE_BY_STATUS: Partial<Record<number, ErrorCode>> = {
  400: ErrorCode.ValidationFailed,
  401: ErrorCode.Unauthorized,
  403: ErrorCode.Forbidden,
  404: ErrorCode.NotFound,
  405: ErrorCode.NotFound,
  408: ErrorCode.RequestTimeout,
  409: ErrorCode.Conflict,
  413: ErrorCode.PayloadTooLarge,
  415: ErrorCode.UnsupportedMediaType,
  429: ErrorCode.RateLimited,
  503: ErrorCode.ServiceUnavailable,
};

/** Errors raised by body-parser before Nest sees the request (size, JSON syntax, encoding). */
interface BodyParserError {
  type?: string;
  status?: number;
  expose?: boolean;
}

/**
 * Maps anything thrown to the contract's error body. Unknown errors become a 500 whose message
 * says nothing about the cause (it is logged, never returned). The one place codes meet statuses.
 */
export function toErrorBody(error: unknown): { body: ErrorBody; expected: boolean; retryAfter?: number } {
  if (error instanceof AppError) {
    return { body: error.toBody(), expected: error.statusCode < 500, retryAfter: error.retryAfterSeconds };
  }
  // Nest wraps body-parser's errors in an HttpException; the original says what went wrong.
  const parser = (error instanceof HttpException ? error.cause : error) as BodyParserError | undefined;
  if (parser?.type === 'entity.too.large') {
    return { body: new AppError(ErrorCode.PayloadTooLarge, 'Request body too large').toBody(), expected: true };
  }
  if (parser?.type === JSON_TOO_DEEP) {
    return {
      body: AppError.validation(
        [{ field: 'body', message: `nested deeper than ${MAX_JSON_DEPTH} levels` }],
        'JSON body nested too deeply',
      ).toBody(),
      expected: true,
    };
  }
  if (parser?.type === JSON_NOT_UTF8) {
    return { body: AppError.validation([{ field: 'body', message: 'not valid UTF-8' }], 'Malformed JSON body').toBody(), expected: true };
  }
  // The client went away mid-body (or was cut off by the request timeout): nobody reads the answer.
  if (parser?.type === 'request.aborted') {
    return { body: AppError.validation([{ field: 'body', message: 'incomplete' }], 'Request aborted').toBody(), expected: true };
  }
  if (parser?.type === 'entity.parse.failed') {
    return { body: AppError.validation([{ field: 'body', message: 'malformed JSON' }], 'Malformed JSON body').toBody(), expected: true };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const code = CODE_BY_STATUS[status] ?? (status >= 500 ? ErrorCode.Internal : ErrorCode.ValidationFailed);
    const message = status === (HttpStatus.NOT_FOUND as number) ? 'Route not found' : error.message;
    return { body: { statusCode: status, code, message }, expected: status < 500 };
  }
  return { body: { statusCode: 500, code: ErrorCode.Internal, message: 'Internal server error' }, expected: false };
}
