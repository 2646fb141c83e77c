import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { toErrorBody } from '../errors/error-mapping.js';

/** Probes of the orchestrator and the metrics scraper, which must not be refused nor count against anyone. */
const UNCOUNTED = /^\/(health|metrics)(\/|$)/i;

/**
 * The per-address limit, counted ahead of the body parsers and of authentication: a client over
 * its limit costs one Redis round trip, never a parsed (up to 10 MB) JSON body. `consume` throws
 * the RATE_LIMITED error past the limit.
 */
export function addressLimitMiddleware(
  consume: (address: string) => Promise<void>,
): (req: Request, res: Response, next: NextFunction) => void {
  const logger = new Logger('RateLimit');
  return (req, res, next) => {
    if (UNCOUNTED.test(req.path)) return next();
    consume(req.ip ?? 'unknown').then(
      () => next(),
      (error: unknown) => {
        const { body, expected, retryAfter } = toErrorBody(error);
        if (!expected) logger.error({ err: error }, 'per-address rate limit check failed');
        if (retryAfter) res.setHeader('Retry-After', String(retryAfter));
        // The body is never read: Node discards it once the answer is sent.
        res.status(body.statusCode).json(body);
      },
    );
  };
}
