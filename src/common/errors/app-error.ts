/** Stable, upper-snake error codes of the public contract. */
export enum ErrorCode {
  ValidationFailed = 'VALIDATION_FAILED',
  Unauthorized = 'UNAUTHORIZED',
  Forbidden = 'FORBIDDEN',
  NotFound = 'NOT_FOUND',
  RequestTimeout = 'REQUEST_TIMEOUT',
  Conflict = 'CONFLICT',
  /** A push provider asked for is not configured on this service (a 409). */
  PushProviderUnavailable = 'PUSH_PROVIDER_UNAVAILABLE',
  /** An order of a customer erased at their request: refused so that it does not bring them back. */
  CustomerSuppressed = 'CUSTOMER_SUPPRESSED',
  RateLimited = 'RATE_LIMITED',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  UnsupportedMediaType = 'UNSUPPORTED_MEDIA_TYPE',
  ServiceUnavailable = 'SERVICE_UNAVAILABLE',
  QueryTimeout = 'QUERY_TIMEOUT',
  Internal = 'INTERNAL_ERROR',
}

/** One field at fault, as `items.0.quantity`. */
export interface ErrorDetail {
  field: string;
  message: string;
}

/** The one error body of the contract, HTTP and socket alike. */
export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: ErrorDetail[];
}

const STATUS: Record<ErrorCode, number> = {
  [ErrorCode.ValidationFailed]: 400,
  [ErrorCode.Unauthorized]: 401,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.RequestTimeout]: 408,
  [ErrorCode.Conflict]: 409,
  [ErrorCode.PushProviderUnavailable]: 409,
  [ErrorCode.CustomerSuppressed]: 409,
  [ErrorCode.PayloadTooLarge]: 413,
  [ErrorCode.UnsupportedMediaType]: 415,
  [ErrorCode.RateLimited]: 429,
  [ErrorCode.ServiceUnavailable]: 503,
  [ErrorCode.QueryTimeout]: 503,
  [ErrorCode.Internal]: 500,
};

/**
 * The domain error every service throws. It carries a code, never an HTTP status: one HTTP filter
 * and one socket filter map it. Messages must never contain a raw customer id.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[],
    options?: { cause?: unknown; retryAfterSeconds?: number },
  ) {
    super(message, options);
    this.name = 'AppError';
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }

  readonly retryAfterSeconds?: number;

  get statusCode(): number {
    return STATUS[this.code];
  }

  toBody(): ErrorBody {
    return {
      statusCode: this.statusCode,
      code: this.code,
      message: this.message,
      ...(this.details?.length ? { details: this.details } : {}),
    };
  }

  static validation(details: ErrorDetail[], message = 'Validation failed'): AppError {
    return new AppError(ErrorCode.ValidationFailed, message, details);
  }

  static notFound(what: string): AppError {
    return new AppError(ErrorCode.NotFound, `${what} not found`);
  }

  static conflict(message: string): AppError {
    return new AppError(ErrorCode.Conflict, message);
  }

  static unauthorized(message = 'Missing or invalid credentials'): AppError {
    return new AppError(ErrorCode.Unauthorized, message);
  }

  static forbidden(message = 'Not allowed for this role'): AppError {
    return new AppError(ErrorCode.Forbidden, message);
  }
}
