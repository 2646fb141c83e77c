import type { INestApplicationContext } from '@nestjs/common';
import type pg from 'pg';
import type { Socket } from 'socket.io-client';
import { putCampaignProducts } from './campaigns.js';
import { testDatabase } from './database.js';
import { withEnv } from './env.js';
import { nativePushCredentials } from './push-services.js';
import { createRoleKeys, type RoleKeys } from './staff.js';
import { startTestApp, type TestApp } from './test-app.js';
import { startTestContext } from './test-context.js';

type Cleanup = () => unknown;

/**
 * What a test file's beforeAll sets up and its afterAll takes down, in that order:
 * environment, then the service, then what is built on it. `close()` undoes it in reverse
 * (database pool, service, environment), and a failed `start()` undoes what it had done.
 */
abstract class Fixture<T> {
  private env?: Record<string, string>;
  private wantsPushCredentials = false;
  protected wantsDatabase = false;
  private readonly cleanups: Cleanup[] = [];

  /** Environment variables for the service this fixture starts (restored on close). */
  withEnv(vars: Record<string, string>): this {
    this.env = { ...this.env, ...vars };
    return this;
  }

  /** APNs and FCM credentials, so that `ios` and `android` devices register (nothing is pushed: see nativePushCredentials). */
  withPushCredentials(): this {
    this.wantsPushCredentials = true;
    return this;
  }

  async start(): Promise<T> {
    try {
      if (this.wantsPushCredentials) {
        const credentials = nativePushCredentials();
        this.cleanups.push(credentials.remove);
        this.env = { ...credentials.env, ...this.env };
      }
      if (this.env) this.cleanups.push(withEnv(this.env));
      return await this.build((cleanup) => this.cleanups.push(cleanup));
    } catch (error) {
      await this.close();
      throw error;
    }
  }

  async close(): Promise<void> {
    for (const cleanup of this.cleanups.splice(0).reverse()) await cleanup();
  }

  protected abstract build(onClose: (cleanup: Cleanup) => void): Promise<T>;

  protected database(onClose: (cleanup: Cleanup) => void): pg.Pool | undefined {
    if (!this.wantsDatabase) return undefined;
    const db = testDatabase();
    onClose(() => db.end());
    return db;
  }
}

/**
 * The whole service over HTTP and socket.io (startTestApp), with what e2e files ask for:
 *
 *   const app = testApp().withEnv({ CAMPAIGN_SEND_RATE: '0' }).withRoleKeys().withDatabase();
 *   let t: TestApp; let keys: RoleKeys; let db: pg.Pool;
 *   beforeAll(async () => {
 *     ({ t, keys, db } = await app.start());
 *   }, 60_000);
 *   afterAll(() => app.close());
 */
export class TestAppFixture<T extends { t: TestApp }> extends Fixture<T> {
  private wantsKeys = false;
  private wantsCampaignProducts = false;

  /** One API key per role, and the supplier of the supplier key (createRoleKeys), as `keys`. */
  withRoleKeys(): TestAppFixture<T & { keys: RoleKeys }> {
    this.wantsKeys = true;
    return this as unknown as TestAppFixture<T & { keys: RoleKeys }>;
  }

  /** A pool on the test database as `db`. */
  withDatabase(): TestAppFixture<T & { db: pg.Pool }> {
    this.wantsDatabase = true;
    return this as unknown as TestAppFixture<T & { db: pg.Pool }>;
  }

  /** The campaign tests' catalog (putCampaignProducts), bound to the role keys' supplier. */
  withCampaignProducts(): TestAppFixture<T & { keys: RoleKeys }> {
    this.wantsCampaignProducts = true;
    return this.withRoleKeys();
  }

  protected async build(onClose: (cleanup: Cleanup) => void): Promise<T> {
    const t = await startTestApp();
    onClose(() => t.close());
    const keys = this.wantsKeys ? await createRoleKeys(t) : undefined;
    const db = this.database(onClose);
    if (this.wantsCampaignProducts && keys) await putCampaignProducts(t, keys.ingest, keys.supplierId);
    return { t, keys, db } as unknown as T;
  }
}

/** The service's providers without an HTTP listener (startTestContext), for integration files. */
export class TestContextFixture<T extends { ctx: INestApplicationContext }> extends Fixture<T> {
  /** A pool on the test database as `db`. */
  withDatabase(): TestContextFixture<T & { db: pg.Pool }> {
    this.wantsDatabase = true;
    return this as unknown as TestContextFixture<T & { db: pg.Pool }>;
  }

  protected async build(onClose: (cleanup: Cleanup) => void): Promise<T> {
    const ctx = await startTestContext();
    onClose(() => ctx.close());
    const db = this.database(onClose);
    return { ctx, db } as unknown as T;
  }
}

export const testApp = () => new TestAppFixture<{ t: TestApp }>();
export const testContext = () => new TestContextFixture<{ ctx: INestApplicationContext }>();

/** The sockets a test opens (push them here): all closed after each test. */
export function socketsClosedAfterEach(): Socket[] {
  const open: Socket[] = [];
  afterEach(() => open.splice(0).forEach((s) => s.close()));
  return open;
}
