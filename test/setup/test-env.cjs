// The environment of every test process: one database and one Redis logical db per suite run.
// Plain CommonJS so that both Jest's global set-up and the test files can load it.
const base64 = (fill) => Buffer.alloc(32, fill).toString('base64');
// TEST_DATABASE_URL / TEST_REDIS_URL let two suites run side by side on one machine; the log
// file is named after the database so that each run reads its own.
const databaseUrl = process.env.TEST_DATABASE_URL || 'postgresql://postgres:postgres@127.0.0.1:5432/panier_test';
const databaseName = new URL(databaseUrl).pathname.slice(1);

module.exports = {
  NODE_ENV: 'test',
  DATABASE_URL: databaseUrl,
  REDIS_URL: process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379/13',
  REDIS_KEY_PREFIX: 'panier-test:',
  ADMIN_API_KEY: 'test-admin-key-0123456789abcdef',
  SHOPPER_JWT_SECRET: 'test-shopper-secret-0123456789abcdef-0123456789',
  PSEUDONYM_HMAC_KEYS: `1:${base64(7)}`,
  VAULT_KEYS: `1:${base64(9)}`,
  LOG_LEVEL: 'debug',
  LOG_FILE: `${__dirname}/../.logs/${databaseName}.log`,
  RATE_LIMIT_PER_KEY: '100000',
  RATE_LIMIT_PER_SHOPPER: '100000',
  RATE_LIMIT_PER_IP: '100000',
  RATE_LIMIT_HANDSHAKES_PER_IP: '100000',
  // No scheduled retention run in the middle of other tests' old purchases: tests start theirs.
  RETENTION_RUN_EVERY_HOURS: '0',
};
