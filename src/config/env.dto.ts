import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength } from 'class-validator';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const TRUE = ['1', 'true', 'yes', 'on'];
const FALSE = ['0', 'false', 'no', 'off'];
/** Booleans from the environment; anything else stays a string and fails @IsBoolean. */
const toBool = ({ value }: { value: unknown }) => {
  if (value === undefined || value === '' || typeof value === 'boolean') return value === '' ? undefined : value;
  const text = typeof value === 'string' ? value.toLowerCase() : JSON.stringify(value);
  return TRUE.includes(text) ? true : FALSE.includes(text) ? false : value;
};

/**
 * Every environment variable Panier reads, validated once at start-up. Nothing else reads
 * `process.env`. Each variable's doc comment, type and default are the configuration reference:
 * `npm run docs:config` writes them to docs/configuration.md (keep it in step).
 */
export class EnvDto {
  /** `development`, `production` or `test`; libraries such as Express read it too. */
  @IsIn(['development', 'production', 'test'])
  @IsOptional()
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  /**
   * Demo mode: `/v1/demo/*` (demo shoppers, shopper tokens without credentials) and the `/demo`
   * page. Written by `npm run start:demo`; refused at start-up when NODE_ENV is production.
   */
  @Transform(toBool)
  @IsBoolean()
  DEMO_MODE = false;

  /** Port of the HTTP and socket.io listener. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  /** Address the HTTP and socket.io listener (and the metrics listener) binds to. */
  @IsString()
  @IsOptional()
  HOST = '0.0.0.0';

  /**
   * Which proxies' X-Forwarded-For to believe when limiting per address (Express "trust proxy"
   * syntax: a hop count, or comma-separated names/CIDRs such as `loopback,10.0.0.0/8`).
   */
  @IsString()
  @IsOptional()
  TRUST_PROXY = 'loopback';

  /** PostgreSQL URL. */
  @IsUrl({ protocols: ['postgres', 'postgresql'], require_tld: false })
  DATABASE_URL: string;

  /**
   * PostgreSQL URL of a streaming read replica (optional): supplier insights, audience estimates
   * and the purchase history of data exports read there. Unset: everything reads the primary.
   */
  @IsOptional()
  @IsUrl({ protocols: ['postgres', 'postgresql'], require_tld: false })
  DATABASE_READ_URL?: string;

  /**
   * How long a data export waits for the read replica to replay up to the primary's position at
   * the request (so that it misses no purchase recorded before it) before it reads the primary.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(60_000)
  DATABASE_READ_MAX_WAIT_MS = 2000;

  /** Connections of the main (Prisma) pool, per instance. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  /** Redis URL. */
  @IsUrl({ protocols: ['redis', 'rediss'], require_tld: false })
  REDIS_URL = 'redis://127.0.0.1:6379';

  /**
   * A Redis Cluster's seed nodes, `host:port,…` (any few of its masters): Panier then connects to
   * the cluster instead of REDIS_URL's server, of which it keeps only the credentials and TLS.
   */
  @IsString()
  @Matches(/^$|^[^\s:,]+:\d+(,[^\s:,]+:\d+)*$/, { message: 'REDIS_CLUSTER_NODES must be host:port,…' })
  @IsOptional()
  REDIS_CLUSTER_NODES = '';

  /**
   * Redis Sentinels, `host:port,…`: Panier asks them for the current master of
   * REDIS_SENTINEL_NAME (and follows fail-overs) instead of REDIS_URL's server, of which it keeps
   * the credentials, db number and TLS. Not with REDIS_CLUSTER_NODES.
   */
  @IsString()
  @Matches(/^$|^[^\s:,]+:\d+(,[^\s:,]+:\d+)*$/, { message: 'REDIS_SENTINELS must be host:port,…' })
  @IsOptional()
  REDIS_SENTINELS = '';

  /** The master's name in the Sentinels' configuration (`sentinel monitor <name> …`). */
  @IsString()
  @IsOptional()
  REDIS_SENTINEL_NAME = 'mymaster';

  /** Password of the Sentinels themselves, when they require one (the master's is REDIS_URL's). */
  @IsString()
  @IsOptional()
  REDIS_SENTINEL_PASSWORD?: string;

  /** Prefix of every Redis key (BullMQ uses `<prefix>bull`, hash-tagged `{<prefix>bull}` on a Cluster). */
  @IsString()
  @IsOptional()
  REDIS_KEY_PREFIX = 'panier:';

  /** Bootstrap admin API key. */
  @IsString()
  @MinLength(24, { message: 'ADMIN_API_KEY must be at least 24 characters' })
  ADMIN_API_KEY: string;

  /** HS256 secret of shopper tokens. Set this or SHOPPER_JWT_PUBLIC_KEY, not both: it pins the algorithm. */
  @IsString()
  @MinLength(32, { message: 'SHOPPER_JWT_SECRET must be at least 32 characters' })
  @IsOptional()
  SHOPPER_JWT_SECRET?: string;

  /** RS256 public key of shopper tokens (PEM, RSA ≥ 2048 bits, `\n` escapes allowed). Set this or SHOPPER_JWT_SECRET. */
  @IsString()
  @IsOptional()
  SHOPPER_JWT_PUBLIC_KEY?: string;

  /** Issuer (`iss`) shopper tokens must carry, checked when set. */
  @IsString()
  @IsOptional()
  SHOPPER_JWT_ISSUER?: string;

  /** Audience (`aud`) shopper tokens must carry, checked when set. */
  @IsString()
  @IsOptional()
  SHOPPER_JWT_AUDIENCE?: string;

  /**
   * Longest lifetime of a shopper token (`exp - iat`, seconds): a token without `iat`, issued in
   * the future, or living longer is refused, so that a leaked token cannot serve for months.
   */
  @Transform(toInt)
  @IsInt()
  @Min(60)
  SHOPPER_JWT_MAX_LIFETIME_SECONDS = 86_400;

  /**
   * Keys of the customer-id index (HMAC): `version:base64key` entries of at least 32 bytes,
   * separated by commas, the active key first. This or PSEUDONYM_HMAC_KEYS_FILE is required.
   */
  @IsString()
  @IsOptional()
  PSEUDONYM_HMAC_KEYS?: string;

  /** File holding PSEUDONYM_HMAC_KEYS, read when that variable is unset (one of the two is required). */
  @IsString()
  @IsOptional()
  PSEUDONYM_HMAC_KEYS_FILE?: string;

  /**
   * Keys of the identity vault (AES): `version:base64key` entries of 32-byte keys, separated by
   * commas, the active key first; none may also be an HMAC key. This or VAULT_KEYS_FILE is required.
   */
  @IsString()
  @IsOptional()
  VAULT_KEYS?: string;

  /** File holding VAULT_KEYS, read when that variable is unset (one of the two is required). */
  @IsString()
  @IsOptional()
  VAULT_KEYS_FILE?: string;

  /** Fold case when matching customer ids ("AB12" = "ab12"); off: retailers' ids may be case-sensitive. */
  @Transform(toBool)
  @IsBoolean()
  CUSTOMER_ID_CASE_INSENSITIVE = false;

  /** Comma-separated origins allowed for HTTP and socket.io; none: no cross-origin access. */
  @IsString()
  @IsOptional()
  CORS_ORIGINS = '';

  /** Smallest group a supplier figure may rest on (k-anonymity); smaller cells are suppressed. */
  @Transform(toInt)
  @IsInt()
  @Min(2)
  INSIGHTS_MIN_AUDIENCE = 50;

  /** Purchases older than this are purged by the retention job, and refused at ingest. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RETENTION_PURCHASE_DAYS = 1095;

  /** Shoppers inactive this long are erased by the retention job. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RETENTION_INACTIVE_DAYS = 1095;

  /**
   * Erasure's second pass, this long after the first: it removes what was on its way under the
   * pseudonym when the first ran (an ingestion batch resolved just before, a device mid-event).
   */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  ERASURE_SECOND_PASS_DELAY_MS = 900_000;

  /** How often the retention job runs (hours); 0 leaves it to `POST /v1/privacy/retention/run`. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(8760)
  RETENTION_RUN_EVERY_HOURS = 24;

  /** Legal basis of the personalization purpose: `consent` (opt-in) or `legitimate_interest` (opt-out). */
  @IsIn(['consent', 'legitimate_interest'])
  CONSENT_BASIS_PERSONALIZATION: 'consent' | 'legitimate_interest' = 'legitimate_interest';

  /** Legal basis of the targeted offers purpose. */
  @IsIn(['consent', 'legitimate_interest'])
  CONSENT_BASIS_TARGETED_OFFERS: 'consent' | 'legitimate_interest' = 'consent';

  /** Legal basis of the push marketing purpose. */
  @IsIn(['consent', 'legitimate_interest'])
  CONSENT_BASIS_PUSH_MARKETING: 'consent' | 'legitimate_interest' = 'consent';

  /** Legal basis of the supplier insights purpose. */
  @IsIn(['consent', 'legitimate_interest'])
  CONSENT_BASIS_SUPPLIER_INSIGHTS: 'consent' | 'legitimate_interest' = 'legitimate_interest';

  /** Notice version recorded with a consent change that names none. */
  @IsString()
  @IsOptional()
  CONSENT_NOTICE_VERSION = '1';

  /** Lifetime of a shopper's cached consent state in Redis. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  CONSENT_CACHE_TTL_SECONDS = 7 * 24 * 3600;

  /** Window of the HTTP and handshake rate limits. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_WINDOW_SECONDS = 60;

  /** HTTP requests per window and API key. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_PER_KEY = 6000;

  /** HTTP requests per window and shopper. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_PER_SHOPPER = 600;

  /** HTTP requests per window and client address. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_PER_IP = 3000;

  /** Socket handshakes per window and client address. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_HANDSHAKES_PER_IP = 600;

  /** Cart checkouts per window and shopper (`cart:checkout`, answered `RATE_LIMITED` beyond). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_CHECKOUTS_PER_SHOPPER = 10;

  /** Cart events per second one socket may send (token bucket rate). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  SOCKET_EVENTS_PER_SECOND = 20;

  /** Cart events one socket may send in a burst (token bucket size). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  SOCKET_EVENTS_BURST = 40;

  /** Largest socket.io message (its `maxHttpBufferSize`). */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  SOCKET_MAX_MESSAGE_BYTES = 16 * 1024;

  /**
   * Simultaneous `/carts` sockets of one shopper on one instance; the next handshake is refused
   * (`rate_limited`).
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  SOCKET_MAX_PER_SHOPPER = 10;

  /**
   * Simultaneous `/carts` sockets from one client address (as TRUST_PROXY resolves it) on one
   * instance; the next handshake is refused (`rate_limited`).
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  SOCKET_MAX_PER_ADDRESS = 200;

  /** Lines per cart. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  CART_MAX_LINES = 200;

  /** Quantity per cart line. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10000)
  CART_MAX_QUANTITY = 99;

  /** A cart untouched this long is dropped. */
  @Transform(toInt)
  @IsInt()
  @Min(60)
  CART_IDLE_TTL_SECONDS = 3 * 24 * 3600;

  /** Reminders per answer. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(20)
  REMINDER_LIMIT = 3;

  /** No pushed reminders before the cart holds this many items (cart:review always answers). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  REMINDER_MIN_CART_ITEMS = 3;

  /** Quiet period of a dismissed reminder. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  REMINDER_DISMISS_DAYS = 30;

  /**
   * Dismissed reminders kept per shopper; the oldest make room. Every cart event reads them all,
   * so this bounds that read.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  REMINDER_DISMISSALS_MAX = 100;

  /** Largest JSON request body (`express.json` syntax, such as `1mb`). */
  @IsString()
  @IsOptional()
  BODY_LIMIT = '1mb';

  /** Largest JSON request body of `/v1/products` (catalog uploads). */
  @IsString()
  @IsOptional()
  BODY_LIMIT_PRODUCTS = '10mb';

  /** How long answers to requests with an `Idempotency-Key` are kept. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  IDEMPOTENCY_TTL_SECONDS = 24 * 3600;

  /** Attempts of a BullMQ job before it fails (job default). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  JOB_ATTEMPTS = 5;

  /** First retry delay of a BullMQ job, doubled at each attempt (job default). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  JOB_BACKOFF_MS = 1000;

  /** Completed jobs kept per queue. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  JOB_KEEP_COMPLETED = 1000;

  /** Failed jobs kept per queue. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  JOB_KEEP_FAILED = 5000;

  /** On SIGTERM, the process exits after this even if draining (requests, jobs, pools) has not finished. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  SHUTDOWN_TIMEOUT_MS = 15000;

  /**
   * Longest time to receive one whole HTTP request (headers and body), on every route but
   * `POST /v1/purchases/bulk`: a slower client gets 408 REQUEST_TIMEOUT. 0 turns the limit off.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  HTTP_REQUEST_TIMEOUT_MS = 30_000;

  /**
   * Longest time to receive one whole `POST /v1/purchases/bulk` (a streamed upload of possibly a
   * few GB; Node's own 5 minutes would cut it). 0 turns the limit off.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  HTTP_BULK_REQUEST_TIMEOUT_MS = 3_600_000;

  /** pino log level. */
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent' = 'info';

  /** Write logs to this file instead of stdout (the e2e suite uses it to check redaction). */
  @IsString()
  @IsOptional()
  LOG_FILE?: string;

  /** Serve `/metrics` on this port only (on HOST), instead of on the API port. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  @IsOptional()
  METRICS_PORT?: number;

  /** Serve the OpenAPI documentation at `/docs`. */
  @Transform(toBool)
  @IsBoolean()
  DOCS_ENABLED = true;

  /** Serve the BullMQ dashboard (Bull Board) at QUEUE_DASHBOARD_PATH, to admin keys (HTTP Basic, the key as password). */
  @Transform(toBool)
  @IsBoolean()
  QUEUE_DASHBOARD_ENABLED = true;

  /** Where the queue dashboard is mounted: an absolute path such as `/queues` or `/ops/queues`, no trailing slash. */
  @Matches(/^(\/[A-Za-z0-9._~-]+)+$/, {
    message: 'QUEUE_DASHBOARD_PATH must be an absolute path such as /queues (letters, digits, . _ ~ -), without a trailing slash',
  })
  QUEUE_DASHBOARD_PATH = '/queues';

  /** Orders per batch of the bulk import (NDJSON endpoint, `npm run import`): one COPY and one merge each. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100000)
  IMPORT_BATCH_ORDERS = 5000;

  /** Longest accepted line of a streamed bulk body or import file; longer lines are rejected alone. */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  IMPORT_MAX_LINE_BYTES = 64 * 1024;

  /** Customer id → pseudonym entries an import keeps in memory (cleared when full: memory stays flat). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  IMPORT_CUSTOMER_CACHE_SIZE = 200000;

  /** Connections of the purchases module's own pool (COPY needs node-postgres directly). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(50)
  PURCHASES_DB_POOL_SIZE = 4;

  /** How far in the future a purchasedAt may be (clock skew of tills), in seconds. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  PURCHASE_MAX_FUTURE_SKEW_SECONDS = 300;

  /**
   * What this process runs: `api` the HTTP and socket server only, `worker` every background worker
   * only (campaign launch and chunks, timers, offer records, push, erasure, retention, profile
   * rebuilds; what `npm run start:worker` runs), `all` both.
   */
  @IsIn(['api', 'worker', 'all'])
  @IsOptional()
  ROLE?: 'api' | 'worker' | 'all';

  /** Deprecated: `false` is `ROLE=api` when ROLE is not set. */
  @Transform(toBool)
  @IsBoolean()
  @IsOptional()
  CAMPAIGN_WORKERS_ENABLED?: boolean;

  /**
   * Niceness a worker-only process (`npm run start:worker`) gives itself at start, so that on a
   * host shared with API instances their live-cart events win the CPU over a fan-out (0 = off).
   * API instances never change their own priority.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(19)
  WORKER_NICENESS = 10;

  /**
   * A worker-only process also switches to Linux's SCHED_IDLE policy at start (util-linux `chrt`):
   * it then runs only on CPU time nothing else wants, and an API instance's cart event takes the
   * core from it at once. A host saturated for longer than CAMPAIGN_JOB_LOCK_MS lets the worker's
   * job locks lapse: the jobs are taken over, never failed, and the once-keys stop duplicates.
   */
  @Transform(toBool)
  @IsBoolean()
  WORKER_SCHED_IDLE = true;

  /**
   * Shoppers per fan-out job: one PostgreSQL read, its decision script calls, one PostgreSQL write.
   * At a given pace, fewer and larger jobs disturb live carts less: each job's BullMQ cycle (its
   * scripts, lock and rate-limiter round trips) costs the cart path more than the sends it carries.
   */
  @Transform(toInt)
  @IsInt()
  @Min(50)
  @Max(5000)
  CAMPAIGN_CHUNK_SIZE = 1000;

  /**
   * Shoppers per call of the decision script: one call holds Redis (and the cart events behind it)
   * for every shopper it decides, and a paced fan-out sends its calls one at a time, so small calls
   * keep a cart command's wait short; larger calls cost the fan-out a little less.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(5000)
  CAMPAIGN_DECIDE_BATCH = 25;

  /**
   * How long `POST /v1/campaigns/:id/launch` waits for the launch job (audience, runtime state,
   * chunk jobs) before answering: a small campaign answers in its launched state, a large one
   * answers at once and its audience is fixed in the background.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(60_000)
  CAMPAIGN_LAUNCH_WAIT_MS = 2000;

  /** Sends per second across all campaigns and workers (BullMQ rate limiter); 0 = unlimited. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  CAMPAIGN_SEND_RATE = 1500;

  /** Fan-out jobs one worker process runs at once. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(64)
  CAMPAIGN_WORKER_CONCURRENCY = 2;

  /** A fan-out job's lock: a killed worker's job is taken over after at most this (plus the stall check). */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  CAMPAIGN_JOB_LOCK_MS = 5000;

  /** How often workers look for jobs whose worker died. */
  @Transform(toInt)
  @IsInt()
  @Min(500)
  CAMPAIGN_STALLED_INTERVAL_MS = 2000;

  /** Attempts of a campaign launch or fan-out chunk job: retried until done (every step is idempotent). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  CAMPAIGN_JOB_ATTEMPTS = 1000;

  /** The fixed wait between two attempts of a campaign launch or chunk job. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  CAMPAIGN_JOB_RETRY_MS = 2000;

  /** How often a chunk of a campaign not yet started (clock skew) looks again. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  CAMPAIGN_PAUSE_RECHECK_MS = 1000;

  /** How long a shopper's offer history is kept in Redis (frequency caps look back at most this far). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3650)
  CAMPAIGN_OFFER_HISTORY_DAYS = 90;

  /**
   * Connections of the reports' own pool, per instance: audience estimates and supplier insights,
   * queries their callers shape, never take the connections authentication and the rest need.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(50)
  REPORT_DB_POOL_SIZE = 2;

  /**
   * Longest run of one report query (audience estimate, supplier insights), and longest wait for a
   * report connection: past it the request answers 503 QUERY_TIMEOUT.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(600_000)
  REPORT_STATEMENT_TIMEOUT_MS = 15_000;

  /** Connections of the campaign fan-out's own pool (a chunk's reads and writes). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(50)
  CAMPAIGN_DB_POOL_SIZE = 4;

  /** How often each instance reloads the running cart-triggered campaigns' trigger sets. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  CAMPAIGN_CART_REFRESH_MS = 1000;

  /** Web Push (VAPID) public key, base64url, as the browser's `applicationServerKey`. Web Push is off without the three VAPID variables. */
  @IsString()
  @IsOptional()
  PUSH_VAPID_PUBLIC_KEY?: string;

  /** Web Push (VAPID) private key, base64url. */
  @IsString()
  @IsOptional()
  PUSH_VAPID_PRIVATE_KEY?: string;

  /** Contact of the sender for push services: `mailto:` or `https:` URL. */
  @IsString()
  @IsOptional()
  PUSH_VAPID_SUBJECT?: string;

  /** The retailer's notification gateway for `ios` / `android` devices; native push is off without it. */
  @IsUrl({ protocols: ['http', 'https'], require_tld: false, require_protocol: true })
  @IsOptional()
  PUSH_GATEWAY_URL?: string;

  /** Bearer secret sent to the gateway (required with PUSH_GATEWAY_URL). */
  @IsString()
  @MinLength(16, { message: 'PUSH_GATEWAY_SECRET must be at least 16 characters' })
  @IsOptional()
  PUSH_GATEWAY_SECRET?: string;

  /** APNs token-authentication key (the `.p8` file Apple gives, PEM). APNs is off without the key file, key id, team id and topic. */
  @IsString()
  @IsOptional()
  PUSH_APNS_KEY_FILE?: string;

  /** Key id of the APNs key (10 characters, the JWT's `kid`). */
  @IsString()
  @Matches(/^[A-Z0-9]{10}$/, { message: 'PUSH_APNS_KEY_ID must be the 10-character key id Apple shows' })
  @IsOptional()
  PUSH_APNS_KEY_ID?: string;

  /** Apple developer team id (10 characters, the JWT's `iss`). */
  @IsString()
  @Matches(/^[A-Z0-9]{10}$/, { message: 'PUSH_APNS_TEAM_ID must be the 10-character team id Apple shows' })
  @IsOptional()
  PUSH_APNS_TEAM_ID?: string;

  /** The app's bundle id, sent as `apns-topic`. */
  @IsString()
  @IsOptional()
  PUSH_APNS_TOPIC?: string;

  /** APNs endpoint: `https://api.push.apple.com` (production) or `https://api.sandbox.push.apple.com` (development builds). */
  @IsUrl({ protocols: ['https'], require_tld: false, require_protocol: true })
  PUSH_APNS_URL = 'https://api.push.apple.com';

  /** PEM file of extra certificate authorities trusted for PUSH_APNS_URL (a private CA, a local stand-in). */
  @IsString()
  @IsOptional()
  PUSH_APNS_CA_FILE?: string;

  /** Google service-account key (JSON) of the Firebase project; its `token_uri` is where OAuth access tokens come from. FCM is off without it. */
  @IsString()
  @IsOptional()
  PUSH_FCM_SERVICE_ACCOUNT_FILE?: string;

  /** Firebase project id (default: the service account's `project_id`). */
  @IsString()
  @Matches(/^[a-z0-9-]+$/, { message: 'PUSH_FCM_PROJECT_ID must be a Firebase project id (lower-case letters, digits, dashes)' })
  @IsOptional()
  PUSH_FCM_PROJECT_ID?: string;

  /** FCM HTTP v1 endpoint (the host before `/v1/projects/{id}/messages:send`). */
  @IsUrl({ protocols: ['https'], require_tld: false, require_protocol: true })
  PUSH_FCM_URL = 'https://fcm.googleapis.com';

  /** PEM file of extra certificate authorities trusted for PUSH_FCM_URL and the OAuth token endpoint. */
  @IsString()
  @IsOptional()
  PUSH_FCM_CA_FILE?: string;

  /** Requests in flight at once to one provider (APNs, FCM, Web Push, gateway), per process: a slow one does not hold the others back. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  PUSH_PROVIDER_CONCURRENCY = 200;

  /** Requests per second to one provider, per process; 0 = unlimited. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  PUSH_PROVIDER_RATE = 0;

  /** How long a provider that refused Panier's own credentials (APNs `InvalidProviderToken`, 401/403) is left alone before one more try. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  PUSH_AUTH_FAILURE_PAUSE_MS = 300_000;

  /**
   * Hosts a Web Push subscription's endpoint may name (comma-separated; each also allows its
   * subdomains). Default: the browsers' push services.
   */
  @IsString()
  @IsOptional()
  PUSH_WEB_ENDPOINT_HOSTS?: string;

  /** PEM file of extra certificate authorities trusted for push endpoints and the gateway (a private CA). */
  @IsString()
  @IsOptional()
  PUSH_CA_FILE?: string;

  /** Timeout of one request to a push service or the gateway. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(120_000)
  PUSH_TIMEOUT_MS = 10_000;

  /** How long a push service keeps an undelivered Web Push message (its `TTL`). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(2_419_200)
  PUSH_TTL_SECONDS = 86_400;

  /** Attempts of one push send (a delivery to all of a shopper's devices) before it ends `failed`. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(50)
  PUSH_ATTEMPTS = 6;

  /** First retry delay of a push send, doubled at each attempt (a longer `Retry-After` wins). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  PUSH_BACKOFF_MS = 2000;

  /** Longest `Retry-After` honoured, and longest delay between two attempts. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  PUSH_MAX_RETRY_DELAY_MS = 3_600_000;

  /** Push sends one worker process runs at once (they wait on the network). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(500)
  PUSH_CONCURRENCY = 20;
}
