import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { QueueName } from '../../src/infra/queue/queue-names.js';
import { CartsService } from '../../src/modules/carts/carts.service.js';
import { IdentityService } from '../../src/modules/identity/identity.service.js';
import { WorkerModule } from '../../src/worker-process.js';
import { newCustomerId } from '../support/customers.js';
import { withEnv } from '../support/env.js';
import { connectCartWithState } from '../support/sockets.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { shopperToken } from '../support/tokens.js';
import { waitFor } from '../support/wait.js';

/** The queues whose workers every process of role `worker` or `all` runs (push only with a provider). */
const ALWAYS_WORKED = Object.values(QueueName).filter((q) => q !== QueueName.Push);

async function workersOf(app: INestApplicationContext): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const name of ALWAYS_WORKED) counts[name] = await app.get<Queue>(getQueueToken(name), { strict: false }).getWorkersCount();
  return counts;
}

/** ROLE decides what a process runs: `api` no worker at all, `worker` every worker and no server. */
describe('process roles', () => {
  let api: TestApp;
  let worker: INestApplicationContext | undefined;
  let restore: () => void;

  beforeAll(async () => {
    // A key prefix of its own: BullMQ counts a queue's workers by connection name across the whole Redis server.
    restore = withEnv({ ROLE: 'api', REDIS_KEY_PREFIX: `panier-roles-${process.pid}:` });
    api = await startTestApp();
  }, 60_000);
  afterAll(async () => {
    await worker?.close();
    await api.close();
    restore();
  });

  it('runs no worker in an api process, and every worker in a worker process', async () => {
    expect(Object.values(await workersOf(api.app)).every((n) => n === 0)).toBe(true);
    worker = await NestFactory.createApplicationContext(WorkerModule, { logger: ['error'] });
    await waitFor(async () => Object.values(await workersOf(api.app)).every((n) => n >= 1));
    expect(await workersOf(api.app)).toEqual(Object.fromEntries(ALWAYS_WORKED.map((q) => [q, 1])));
  });

  it("closes an erased shopper's devices from a worker process, through the API instance holding them", async () => {
    worker ??= await NestFactory.createApplicationContext(WorkerModule, { logger: ['error'] });
    const customerId = newCustomerId();
    const { socket } = await connectCartWithState(api.url, await shopperToken({ sub: customerId }));
    try {
      const closed = new Promise<string>((resolve) => socket.once('disconnect', resolve));
      const pseudonym = await worker.get(IdentityService).resolve(customerId);
      await worker.get(CartsService).forget(pseudonym);
      expect(await closed).toBe('io server disconnect');
    } finally {
      socket.close();
    }
  });
});
