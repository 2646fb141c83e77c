import type { Logger } from '@nestjs/common';
import type { ErrorBody } from '../errors/app-error.js';
import { toErrorBody } from '../errors/error-mapping.js';

/**
 * Every socket event error leaves through here: answered through the event's acknowledgement as
 * `{ ok: false, error }` with the contract's error body (the socket stays connected). Unexpected
 * errors are logged with their stack and answered as a bare 500.
 */
export function socketErrorReply(error: unknown, logger: Pick<Logger, 'error'>): { ok: false; error: ErrorBody } {
  const { body, expected } = toErrorBody(error);
  if (!expected) logger.error({ err: error }, 'unhandled socket error');
  return { ok: false, error: body };
}
