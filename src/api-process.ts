import { createServer } from 'node:http';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { setupApp } from './app.setup.js';
import type { AppConfig } from './config/app-config.js';
import { MetricsService } from './infra/metrics/metrics.service.js';
import { confineGcToAvailableCores } from './infra/runtime/gc-threads.js';

/** Starts an API process: HTTP and the `/carts` namespace, and the workers too when its role is `all`. */
export async function startApi(config: AppConfig): Promise<void> {
  const singleThreadedGc = confineGcToAvailableCores();
  const app = setupApp(await NestFactory.create(AppModule, { bodyParser: false, bufferLogs: true }));
  // SIGTERM: stop accepting, let in-flight requests and jobs finish, then close pools. A hung
  // drain must not keep a pod alive forever.
  process.once('SIGTERM', () => setTimeout(() => process.exit(1), config.runtime.shutdownTimeoutMs).unref());
  if (singleThreadedGc)
    new Logger('Runtime').log('one CPU core available: young-generation garbage collection runs on the main thread only');
  await app.listen(config.http.port, config.http.host);
  if (config.operations.metricsPort !== undefined) {
    const registry = app.get(MetricsService).registry;
    const metricsServer = createServer((req, res) => {
      if (req.url !== '/metrics') return void res.writeHead(404).end();
      registry.metrics().then(
        (text) => res.writeHead(200, { 'Content-Type': registry.contentType }).end(text),
        () => res.writeHead(500).end(),
      );
    }).listen(config.operations.metricsPort, config.http.host);
    for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => metricsServer.close());
  }
}
