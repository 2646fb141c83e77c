// The environment of every test process: one database and one Redis logical db per suite run.
// Plain CommonJS so that both Jest's global set-up and the test files can load it.
//
// The suite drops its database and empties its Redis db at every run, so they are chosen here and
// nowhere else: a DATABASE_URL or REDIS_URL in the shell (a demo's .env exported, say) is ignored;
// only TEST_DATABASE_URL / TEST_REDIS_URL move them (two suites side by side on one machine), and
// only to a database named panier_test… and a Redis db other than 0.
//
// TEST_REDIS_CLUSTER_NODES=host:port,… runs the suite on a Redis Cluster instead
// (scripts/start-redis-cluster.sh starts one). A Cluster has only db 0, so a run is isolated there
// by its key prefix, named after its database (`panier-test-<database>:`, which also prefixes its
// pub/sub channels and, hash-tagged, BullMQ's keys): the set-up deletes only keys under it.
const base64 = (fill) => Buffer.alloc(32, fill).toString('base64');

const DEFAULT_DATABASE_URL = 'postgresql://postgres:postgres@127.0.0.1:5432/panier_test';
const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379/13';
/** The only databases the suite may drop: ones named for it. */
const DISPOSABLE_DATABASE = /^panier_test(_[A-Za-z0-9_]+)?$/;

/** The database name of a URL, checked: throws unless the suite may drop it. */
function disposableDatabase(databaseUrl) {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  if (!DISPOSABLE_DATABASE.test(name)) {
    throw new Error(
      `refusing to run the tests on database "${name}": the suite drops its database, so its name must start with panier_test (set TEST_DATABASE_URL)`,
    );
  }
  return name;
}

/** Throws unless the URL names a Redis db the suite may empty: an explicit one, not 0 (every other client's default). */
function disposableRedis(redisUrl) {
  const db = new URL(redisUrl).pathname.slice(1);
  if (!/^\d+$/.test(db) || Number(db) === 0) {
    throw new Error(
      `refusing to run the tests on Redis db ${db || '0'}: the suite empties its db, so name one other than 0 (TEST_REDIS_URL)`,
    );
  }
  return Number(db);
}

/** The variables every test process runs with, whatever the shell says; `shell` only lends TEST_DATABASE_URL and TEST_REDIS_URL. */
function testEnvironment(shell = process.env) {
  const databaseUrl = shell.TEST_DATABASE_URL || DEFAULT_DATABASE_URL;
  // The log file is named after the database so that each run reads its own.
  const databaseName = disposableDatabase(databaseUrl);
  return {
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    ...testRedis(shell, databaseName),
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
}

/** Where the run's Redis keys go: a db of its own on one server, or a key prefix of its own on a Cluster. */
function testRedis(shell, databaseName) {
  const clusterNodes = (shell.TEST_REDIS_CLUSTER_NODES || '').trim();
  if (!clusterNodes) {
    const redisUrl = shell.TEST_REDIS_URL || DEFAULT_REDIS_URL;
    disposableRedis(redisUrl);
    return { REDIS_URL: redisUrl, REDIS_KEY_PREFIX: 'panier-test:', REDIS_CLUSTER_NODES: '' };
  }
  const [first] = clusterNodes.split(',');
  return { REDIS_URL: `redis://${first}`, REDIS_KEY_PREFIX: `panier-test-${databaseName}:`, REDIS_CLUSTER_NODES: clusterNodes };
}

module.exports = { testEnvironment, disposableDatabase, disposableRedis };
