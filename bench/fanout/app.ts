import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { AddressInfo } from 'node:net';
import { AppModule } from '../../src/app.module.js';
import { setupApp } from '../../src/app.setup.js';
import { AppConfig, loadConfig } from '../../src/config/app-config.js';

export interface BenchApp {
  app: INestApplication;
  url: string;
  adminKey: string;
  jwtSecret: string;
  close(): Promise<void>;
}

const key = () => `1:${randomBytes(32).toString('base64')}`;

/** The settings every app of the run shares: the bench's database and Redis db, fresh secrets, quiet logs, no socket rate limit. */
export function benchEnvironment(databaseUrl: string, redisUrl: string): Record<string, string> {
  return {
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    REDIS_KEY_PREFIX: 'panier-bench:',
    ADMIN_API_KEY: randomBytes(24).toString('hex'),
    SHOPPER_JWT_SECRET: randomBytes(32).toString('hex'),
    PSEUDONYM_HMAC_KEYS: key(),
    VAULT_KEYS: key(),
    LOG_LEVEL: 'error',
    DATABASE_POOL_SIZE: '20',
    SOCKET_EVENTS_PER_SECOND: '100000',
    SOCKET_EVENTS_BURST: '100000',
    RATE_LIMIT_PER_KEY: '1000000',
    RATE_LIMIT_PER_SHOPPER: '1000000',
    RATE_LIMIT_PER_IP: '1000000',
    RATE_LIMIT_HANDSHAKES_PER_IP: '1000000',
  };
}

/**
 * The whole service (HTTP, socket.io, workers) as `npm start` runs it, configured from the
 * environment with `overrides` on top (handed to the config, process.env stays as it is).
 */
export async function startApp(overrides: Record<string, string>): Promise<BenchApp> {
  const config = loadConfig({ ...process.env, ...overrides });
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
    .overrideProvider(AppConfig)
    .useValue(config)
    .compile();
  const app = setupApp(moduleRef.createNestApplication({ bodyParser: false, bufferLogs: true }));
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    adminKey: overrides.ADMIN_API_KEY ?? '',
    jwtSecret: overrides.SHOPPER_JWT_SECRET ?? '',
    close: () => app.close(),
  };
}

/** JSON over HTTP with the admin key; throws on an unexpected status. */
export async function call<T>(app: BenchApp, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${app.url}${path}`, {
    method,
    headers: { 'X-Api-Key': app.adminKey, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}
