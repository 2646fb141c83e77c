import type { IncomingMessage, ServerResponse } from 'node:http';
import { acceptCorrelationId, withCorrelation } from '../logging/correlation.js';

/**
 * First middleware of every request: picks the correlation id (the caller's `X-Request-Id` when
 * safe) and runs the rest of the request inside its logging context.
 */
export function correlationMiddleware(req: IncomingMessage & { id?: string }, res: ServerResponse, next: () => void): void {
  const id = acceptCorrelationId(req.headers['x-request-id']);
  req.id = id;
  res.setHeader('x-request-id', id);
  withCorrelation(id, next);
}
