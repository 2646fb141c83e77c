import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from '../../config/app-config.js';
import { createRootLogger } from './root-logger.js';

/** Request logging through nestjs-pino; one JSON line per request, with its correlation id. */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        pinoHttp: {
          logger: createRootLogger(config),
          // The correlation middleware (main.ts) has already chosen the id and opened its context.
          genReqId: (req: IncomingMessage) => req.id ?? randomUUID(),
          autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health/live' || req.url === '/metrics' },
          serializers: {
            // The path only: a query string could carry what a client should not have put there.
            req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url.split('?')[0] }),
            res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
          },
        },
      }),
    }),
  ],
})
export class LoggingModule {}
