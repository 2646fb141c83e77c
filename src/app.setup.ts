import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import express from 'express';
import { Logger } from 'nestjs-pino';
import { HttpExceptionFilter } from './common/filters/http-exception.filter.js';
import { addressLimitMiddleware } from './common/http/address-limit.middleware.js';
import { parseTrustProxy } from './common/http/client-address.js';
import { contentTypeMiddleware } from './common/http/content-type.middleware.js';
import { correlationMiddleware } from './common/http/correlation.middleware.js';
import { verifyJsonBody } from './common/http/json-depth.js';
import { mountWebPages } from './common/http/web-pages.js';
import { requestDeadlineMiddleware, serverRequestTimeout } from './common/http/request-deadline.js';
import { createValidationPipe } from './common/pipes/validation.pipe.js';
import { AppConfig } from './config/app-config.js';
import { RedisService } from './infra/redis/redis.service.js';
import { SocketIoAdapter } from './infra/socket/socket-io.adapter.js';
import { addAccessStatements } from './modules/auth/api-access.decorator.js';
import { RateLimitService } from './modules/auth/rate-limit.service.js';
import { QueueDashboard } from './modules/queue-dashboard/queue-dashboard.service.js';

/**
 * Everything main.ts applies to the application, shared with the e2e tests so that they run
 * the service exactly as it is deployed. The app must be created with `bodyParser: false`.
 */
export function setupApp(app: INestApplication): NestExpressApplication {
  const server = app as NestExpressApplication;
  const config = app.get(AppConfig);
  server.useLogger(server.get(Logger));
  server.set('trust proxy', parseTrustProxy(config.http.trustProxy));
  server.disable('x-powered-by');
  server.use(correlationMiddleware);
  // Per address before anything reads a body: a client over its limit never has its body parsed.
  const rateLimits = server.get(RateLimitService);
  server.use(addressLimitMiddleware((address) => rateLimits.consume('ip', address)));
  server.use(requestDeadlineMiddleware(config.http));
  server.use(contentTypeMiddleware);
  // Larger bodies only where the contract allows them; streamed bulk bodies are parsed by their handler.
  server.use('/v1/products', express.json({ limit: config.http.productsBodyLimit, verify: verifyJsonBody }));
  server.use(express.json({ limit: config.http.bodyLimit, verify: verifyJsonBody }));
  // Plain Express, ahead of Nest's routes: every path under the mount point is checked for an admin key first.
  if (config.operations.queueDashboardEnabled) server.use(config.operations.queueDashboardPath, ...server.get(QueueDashboard).handlers());
  mountWebPages(server, { demo: config.runtime.demoMode });
  server.enableCors({ origin: config.http.corsOrigins.length > 0 ? config.http.corsOrigins : false, credentials: true });
  server.useGlobalFilters(new HttpExceptionFilter());
  server.useGlobalPipes(createValidationPipe());
  server.useWebSocketAdapter(new SocketIoAdapter(server, config, server.get(RedisService)));
  // Node's limit is per server: the bulk upload's; requestDeadlineMiddleware holds the others to theirs.
  const httpServer = server.getHttpServer();
  httpServer.requestTimeout = serverRequestTimeout(config.http);
  if (config.http.requestTimeoutMs > 0) httpServer.headersTimeout = Math.min(httpServer.headersTimeout, config.http.requestTimeoutMs);
  // Only the signals that mean "stop" (SIGUSR2 and friends are left to debuggers and tools).
  server.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  if (config.operations.docsEnabled) setupDocs(server);
  return server;
}

function setupDocs(app: INestApplication): void {
  SwaggerModule.setup('docs', app, buildOpenApiDocument(app), { jsonDocumentUrl: 'docs/json' });
}

/** The OpenAPI document served at /docs/json (the socket.io namespace /carts: docs/asyncapi.yaml). */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Panier')
      .setDescription(
        'Real-time, privacy-first personalization for grocery retail. Error body and codes, limits, idempotency and consent: ' +
          'docs/api.md. The socket.io namespace /carts (live carts, reminders, offers): docs/asyncapi.yaml.',
      )
      .setVersion('1')
      .addApiKey(
        {
          type: 'apiKey',
          in: 'header',
          name: 'X-Api-Key',
          description: 'A staff API key (roles: admin, marketer, supplier, privacy, ingest)',
        },
        'apiKey',
      )
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: "The shopper's JWT, issued by the retailer" })
      .addTag('ingest', 'Products and purchases from the retailer (role ingest)')
      .addTag('campaigns', 'Suppliers and their campaigns (role marketer)')
      .addTag('insights', 'k-anonymous reports for a supplier (role supplier)')
      .addTag('shopper', "The calling shopper's offers, consents, devices and data (shopper JWT)")
      .addTag('privacy', 'Erasure, export, consent history, re-identification and audit (role privacy)')
      .addTag('operations', 'API keys, profile rebuilds and health')
      .build(),
  );
  return addAccessStatements(document);
}
