import { createRequire } from 'node:module';
import globalSetup from './global-setup.js';

const require = createRequire(import.meta.url);
const { testEnvironment } = require('./test-env.cjs') as { testEnvironment: (shell: Record<string, string>) => Record<string, string> };

const DEMO_DATABASE = 'postgresql://postgres:postgres@127.0.0.1:5432/panier';

describe('the test environment (the suite drops its database and empties its Redis db)', () => {
  it("ignores a DATABASE_URL and REDIS_URL exported in the shell (a demo's .env)", () => {
    const env = testEnvironment({ DATABASE_URL: DEMO_DATABASE, REDIS_URL: 'redis://127.0.0.1:6379' });
    expect(env.DATABASE_URL).toBe('postgresql://postgres:postgres@127.0.0.1:5432/panier_test');
    expect(env.REDIS_URL).toBe('redis://127.0.0.1:6379/13');
  });

  it('takes TEST_DATABASE_URL and TEST_REDIS_URL when they name a test database and a Redis db other than 0', () => {
    const env = testEnvironment({
      TEST_DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/panier_test_mine',
      TEST_REDIS_URL: 'redis://127.0.0.1:6379/4',
    });
    expect(env).toMatchObject({
      DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/panier_test_mine',
      REDIS_URL: 'redis://127.0.0.1:6379/4',
    });
  });

  it('refuses a database not named panier_test…, and Redis db 0', () => {
    expect(() => testEnvironment({ TEST_DATABASE_URL: DEMO_DATABASE })).toThrow(/refusing .* "panier"/);
    expect(() => testEnvironment({ TEST_DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/panier_testing' })).toThrow(/refusing/);
    expect(() => testEnvironment({ TEST_REDIS_URL: 'redis://127.0.0.1:6379' })).toThrow(/refusing .* Redis db 0/);
    expect(() => testEnvironment({ TEST_REDIS_URL: 'redis://127.0.0.1:6379/0' })).toThrow(/Redis db 0/);
  });

  it("runs on a Redis Cluster's db 0 under a key prefix named after the database", () => {
    const env = testEnvironment({
      TEST_DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/panier_test_mine',
      TEST_REDIS_CLUSTER_NODES: '127.0.0.1:7101,127.0.0.1:7102',
      TEST_REDIS_URL: 'redis://127.0.0.1:6379/0',
    });
    expect(env).toMatchObject({
      REDIS_CLUSTER_NODES: '127.0.0.1:7101,127.0.0.1:7102',
      REDIS_URL: 'redis://127.0.0.1:7101',
      REDIS_KEY_PREFIX: 'panier-test-panier_test_mine:',
    });
  });

  describe('the global set-up', () => {
    const saved = { ...process.env };
    afterEach(() => {
      process.env = { ...saved };
    });

    it('refuses to drop a database it was not made for, before connecting to anything', async () => {
      // An unreachable port: reaching PostgreSQL at all would be a failure of its own.
      Object.assign(process.env, {
        TEST_DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/panier',
        TEST_REDIS_URL: 'redis://127.0.0.1:1/4',
      });
      await expect(globalSetup()).rejects.toThrow(/refusing to run the tests on database "panier"/);
    });
  });
});
