import type { NextFunction, Request, Response } from 'express';
import { AppError, ErrorCode } from '../errors/app-error.js';

export interface RequestTimeouts {
  /** Every route but the streamed bulk upload; 0 = none. */
  readonly requestTimeoutMs: number;
  /** `POST /v1/purchases/bulk`, a streamed upload of possibly several GB; 0 = none. */
  readonly bulkRequestTimeoutMs: number;
}

const BULK = /^\/v1\/purchases\/bulk\/?$/i;

/** How long a request may take to arrive whole (headers and body): long only for the bulk upload. */
export function requestTimeoutOf(req: { method: string; path: string }, timeouts: RequestTimeouts): number {
  return req.method === 'POST' && BULK.test(req.path) ? timeouts.bulkRequestTimeoutMs : timeouts.requestTimeoutMs;
}

/**
 * Node's `server.requestTimeout` is one value for every route; it is set to the longest (the bulk
 * upload's) and this middleware cuts every other request whose body has not arrived within its
 * own, shorter timeout: 408 REQUEST_TIMEOUT, and the connection closed.
 */
export function requestDeadlineMiddleware(timeouts: RequestTimeouts): (req: Request, res: Response, next: NextFunction) => void {
  return (req, res, next) => {
    const timeoutMs = requestTimeoutOf(req, timeouts);
    if (timeoutMs > 0 && timeoutMs !== serverRequestTimeout(timeouts)) {
      const timer = setTimeout(() => cutShort(req, res), timeoutMs);
      timer.unref();
      res.once('close', () => clearTimeout(timer));
    }
    next();
  };
}

/** The server-wide limit: the longest of the two (0, none, if either is none). */
export function serverRequestTimeout(timeouts: RequestTimeouts): number {
  const { requestTimeoutMs, bulkRequestTimeoutMs } = timeouts;
  return requestTimeoutMs === 0 || bulkRequestTimeoutMs === 0 ? 0 : Math.max(requestTimeoutMs, bulkRequestTimeoutMs);
}

function cutShort(req: Request, res: Response): void {
  // Received whole: the handler's own time is not limited here.
  if (req.complete) return;
  if (res.headersSent) return void req.socket.destroy();
  const body = new AppError(ErrorCode.RequestTimeout, 'The request did not arrive in time').toBody();
  res.writeHead(body.statusCode, { 'Content-Type': 'application/json; charset=utf-8', Connection: 'close' });
  res.end(JSON.stringify(body), () => req.socket.destroy());
}
