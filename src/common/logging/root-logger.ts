import pino, { type Logger } from 'pino';
import type { AppConfig } from '../../config/app-config.js';
import { currentCorrelationId } from './correlation.js';

/**
 * Secrets and identifiers that must never reach a log line. Raw customer ids travel only in
 * request bodies and tokens, and bodies are never logged.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'req.headers["idempotency-key"]',
  'req.body',
  'res.headers["set-cookie"]',
  'customerId',
  '*.customerId',
  'token',
  '*.token',
];

/** The one pino instance: JSON lines with the correlation id of the current request, socket or job. */
export function createRootLogger(config: AppConfig): Logger {
  const logging = config.logging;
  const destination = logging.file
    ? pino.destination({ dest: logging.file, sync: true, mkdir: true })
    : pino.destination({ dest: 1, sync: false });
  return pino(
    {
      level: logging.level,
      base: { service: 'panier' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      mixin() {
        const correlationId = currentCorrelationId();
        return correlationId ? { correlationId } : {};
      },
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}
