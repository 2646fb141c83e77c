import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import pg from 'pg';
import { SignJWT } from 'jose';
import { freePort, type ServerProcess, startPinned, waitFor } from './processes.js';
import { type HistoryShape, type SeedPurchase, seedProducts, shopperHistory } from './seed-data.js';
import { dropDatabase } from '../lib/bench-db.js';

/** Where the benchmark's Panier keeps its state: its own database and Redis db, never the others'. */
export interface PanierStores {
  databaseUrl: string;
  redisUrl: string;
  redisPrefix: string;
}

// Fixed from run to run (pseudonyms stay those of the data already seeded), yet not values that
// production refuses as samples (NODE_ENV=production below): hashes of a name.
const derived = (name: string) => createHash('sha256').update(`panier-bench-carts/${name}`).digest();
const ADMIN_API_KEY = derived('admin').toString('base64url');
const JWT_SECRET = derived('jwt').toString('base64url');
const key32 = (name: string) => derived(name).toString('base64');

export const benchCustomerId = (i: number) => `bench-shopper-${i}`;
export const warmupCustomerId = (i: number) => `bench-warmup-${i}`;

/** The environment of the Panier under test: production settings, limits raised for one client address. */
export function panierEnv(stores: PanierStores, port: number, logLevel: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATABASE_URL: stores.databaseUrl,
    REDIS_URL: stores.redisUrl,
    REDIS_KEY_PREFIX: stores.redisPrefix,
    ADMIN_API_KEY,
    SHOPPER_JWT_SECRET: JWT_SECRET,
    PSEUDONYM_HMAC_KEYS: `1:${key32('pseudonyms')}`,
    VAULT_KEYS: `1:${key32('vault')}`,
    LOG_LEVEL: logLevel,
    DOCS_ENABLED: 'false',
    // Every cart comes from one address and each socket may burst during the saturation phase.
    RATE_LIMIT_HANDSHAKES_PER_IP: '10000000',
    RATE_LIMIT_PER_IP: '10000000',
    RATE_LIMIT_PER_KEY: '10000000',
    RATE_LIMIT_PER_SHOPPER: '10000000',
    SOCKET_EVENTS_PER_SECOND: '100000',
    SOCKET_EVENTS_BURST: '100000',
    SOCKET_MAX_PER_ADDRESS: '10000000',
  };
}

/** Shopper tokens as the retailer's identity provider would sign them (HS256, `sub` = customer id). */
export async function signTokens(customerIds: string[]): Promise<string[]> {
  const key = new TextEncoder().encode(JWT_SECRET);
  return Promise.all(
    customerIds.map((sub) =>
      new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(sub).setIssuedAt().setExpirationTime('3h').sign(key),
    ),
  );
}

const SEED_MARKER = 'bench-carts:seed';

/**
 * Whether the database and Redis already hold exactly this seed (same shoppers, same history
 * shape, every order present), so that a second invocation can skip seeding. Pending migrations
 * are applied either way.
 */
export async function seededAlready(stores: PanierStores, root: string, marker: object, expectedOrders: number): Promise<boolean> {
  await migrate(stores, root);
  const redis = new Redis(stores.redisUrl, { lazyConnect: true, keyPrefix: stores.redisPrefix });
  await redis.connect();
  const client = new pg.Client({ connectionString: stores.databaseUrl });
  await client.connect();
  try {
    if ((await redis.get(SEED_MARKER)) !== JSON.stringify(marker)) return false;
    const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM orders');
    return Number(rows[0].n) === expectedOrders;
  } finally {
    redis.disconnect();
    await client.end();
  }
}

export async function markSeeded(stores: PanierStores, marker: object): Promise<void> {
  const redis = new Redis(stores.redisUrl, { lazyConnect: true, keyPrefix: stores.redisPrefix });
  await redis.connect();
  try {
    await redis.set(SEED_MARKER, JSON.stringify(marker));
  } finally {
    redis.disconnect();
  }
}

async function migrate(stores: PanierStores, root: string): Promise<void> {
  const { deploy } = (await import(pathToFileURL(join(root, 'scripts', 'db-deploy.mjs')).href)) as {
    deploy: (url: string, log: (line: string) => void) => Promise<void>;
  };
  await deploy(stores.databaseUrl, () => undefined);
}

/** A fresh, migrated database (dropped first: it is the benchmark's own) and an empty key space. */
export async function resetStores(stores: PanierStores, root: string): Promise<void> {
  const url = new URL(stores.databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  if (!/bench/i.test(name) || !/bench/i.test(stores.redisPrefix))
    throw new Error(`refusing to reset ${name} / ${stores.redisPrefix}: not a benchmark database or prefix`);
  await dropDatabase(stores.databaseUrl);
  await migrate(stores, root);
  await deleteKeys(stores, '*');
}

/**
 * Puts every shopper back where a run starts: no live cart, nothing pushed yet, the consent
 * cache not loaded (a missing hash means "read PostgreSQL"), so that each run measures the same
 * first event after connect, and no device registered: the previous run's process, stopped with
 * its carts connected, may leave presence entries, which would make this run's one instance
 * publish every change through the Redis adapter as if another instance held a device.
 * Profiles stay: they are what a returning shopper has.
 */
export async function resetLiveState(stores: PanierStores): Promise<number> {
  let deleted = 0;
  for (const pattern of ['cart:{*', 'reminded:{*', 'consent:{*', 'presence:{*']) deleted += await deleteKeys(stores, pattern);
  return deleted;
}

async function deleteKeys(stores: PanierStores, pattern: string): Promise<number> {
  const redis = new Redis(stores.redisUrl, { lazyConnect: true });
  await redis.connect();
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${stores.redisPrefix}${pattern}`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) deleted += await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}

/** Starts `node dist/src/main.js` on `cpu` and waits until /health/ready answers. */
export async function startPanier(
  root: string,
  stores: PanierStores,
  cpu: string | undefined,
  logPath: string,
  logLevel: string,
  nodeFlags: string[] = [],
): Promise<{ server: ServerProcess; url: string }> {
  const port = await freePort();
  const server = startPinned(cpu, [...nodeFlags, join(root, 'dist', 'src', 'main.js')], panierEnv(stores, port, logLevel), logPath);
  const url = `http://127.0.0.1:${port}`;
  await waitFor('Panier', async () => (await fetch(`${url}/health/ready`)).ok, 60_000, server.exited);
  return { server, url };
}

/**
 * The catalog and every shopper's history, through the ingest API (`PUT /v1/products`, then
 * `POST /v1/purchases/bulk` in chunks; one `POST /v1/purchases` per order where bulk is missing).
 */
export async function seed(
  url: string,
  customerIds: string[],
  shape: HistoryShape,
  log: (line: string) => void,
): Promise<{ products: number; orders: number; seconds: number }> {
  const started = performance.now();
  const products = seedProducts(shape.products);
  for (let i = 0; i < products.length; i += 10_000) {
    const res = await fetch(`${url}/v1/products`, {
      method: 'PUT',
      headers: { 'X-Api-Key': ADMIN_API_KEY, 'Content-Type': 'application/json' },
      body: JSON.stringify(products.slice(i, i + 10_000)),
    });
    if (!res.ok) throw new Error(`PUT /v1/products: ${res.status} ${await res.text()}`);
  }
  const now = Date.now();
  let orders = 0;
  const chunk = 1000;
  for (let i = 0; i < customerIds.length; i += chunk) {
    const purchases = customerIds.slice(i, i + chunk).flatMap((id, k) => shopperHistory(id, i + k, shape, now));
    await postPurchases(url, purchases);
    orders += purchases.length;
    log(`  seeded ${Math.min(i + chunk, customerIds.length)}/${customerIds.length} shoppers (${orders} orders)`);
  }
  return { products: products.length, orders, seconds: (performance.now() - started) / 1000 };
}

async function postPurchases(url: string, purchases: SeedPurchase[]): Promise<void> {
  const body = purchases.map((p) => JSON.stringify(p)).join('\n') + '\n';
  const reply = await postRaw(`${url}/v1/purchases/bulk`, body, 'application/x-ndjson');
  if (reply.status === 404) {
    await postOneByOne(url, purchases);
    return;
  }
  if (reply.status !== 200) throw new Error(`POST /v1/purchases/bulk: ${reply.status} ${reply.body.slice(0, 500)}`);
  const report = JSON.parse(reply.body) as { accepted: number; duplicates: number; rejectedCount?: number; rejected: unknown[] };
  if ((report.rejectedCount ?? report.rejected.length) > 0)
    throw new Error(`bulk import rejected lines: ${JSON.stringify(report.rejected.slice(0, 3))}`);
}

async function postOneByOne(url: string, purchases: SeedPurchase[]): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < purchases.length) {
      const p = purchases[next++];
      const res = await fetch(`${url}/v1/purchases`, {
        method: 'POST',
        headers: { 'X-Api-Key': ADMIN_API_KEY, 'Content-Type': 'application/json' },
        body: JSON.stringify(p),
      });
      if (res.status !== 201 && res.status !== 200) throw new Error(`POST /v1/purchases: ${res.status} ${await res.text()}`);
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
}

/** A plain HTTP POST (no client-side timeout: a big import chunk may take a while). */
function postRaw(url: string, body: string, contentType: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', headers: { 'X-Api-Key': ADMIN_API_KEY, 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
