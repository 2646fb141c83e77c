import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { AppModule } from '../../src/app.module.js';
import { setupApp } from '../../src/app.setup.js';

export interface TestApp {
  app: INestApplication;
  url: string;
  http: ReturnType<typeof request>;
  adminKey: string;
  close(): Promise<void>;
}

/** The whole service, configured exactly as main.ts does, listening on a free loopback port. */
export async function startTestApp(): Promise<TestApp> {
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
  const app = setupApp(moduleRef.createNestApplication({ bodyParser: false, bufferLogs: true }));
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    app,
    url,
    http: request(app.getHttpServer()),
    adminKey: process.env.ADMIN_API_KEY as string,
    close: () => app.close(),
  };
}
