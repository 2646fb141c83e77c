import type { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AppModule } from '../../src/app.module.js';

/** The service's providers without an HTTP listener, for integration tests on real services. */
export async function startTestContext(): Promise<INestApplicationContext> {
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
  return moduleRef.init();
}
