import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError, ErrorCode } from '../errors/app-error.js';

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);
/** JSON everywhere; NDJSON for the streamed bulk endpoints. */
const ACCEPTED = /^application\/(json|x-ndjson|ndjson)\b|^application\/[\w.+-]+\+json\b/i;

/**
 * A body that is not JSON would otherwise be ignored (parsed as `{}`), and a request could answer
 * 200 having changed nothing: refuse it with 415 instead.
 */
export function contentTypeMiddleware(req: IncomingMessage, res: ServerResponse, next: () => void): void {
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (!WITH_BODY.has(req.method ?? '') || !hasBody || ACCEPTED.test(req.headers['content-type'] ?? '')) return next();
  const body = new AppError(
    ErrorCode.UnsupportedMediaType,
    'Send the body as application/json (application/x-ndjson for the bulk endpoints)',
  ).toBody();
  res.writeHead(415, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}
