import type { EnvDto } from './env.dto.js';

export type LegalBasis = 'consent' | 'legitimate_interest';
export type LogLevel = EnvDto['LOG_LEVEL'];

const DAY_MS = 86_400_000;

/** A versioned secret: the version is stored beside what the key produced, so keys can rotate. */
export interface VersionedKey {
  version: number;
  key: Buffer;
}

/** The key ring of one purpose: the active key and every older key still readable. */
export interface KeyRing {
  active: VersionedKey;
  all: VersionedKey[];
}

export type JwtConfig =
  | { algorithm: 'HS256'; secret: Buffer; issuer?: string; audience?: string }
  | { algorithm: 'RS256'; publicKeyPem: string; issuer?: string; audience?: string };

/** APNs with token authentication (docs/campaigns-and-push.md): the `.p8` key as PEM, never logged. */
export interface ApnsSettings {
  key: string;
  keyId: string;
  teamId: string;
  topic: string;
  url: string;
  ca?: string;
}

/** FCM HTTP v1 with a service account (docs/campaigns-and-push.md): its private key is never logged. */
export interface FcmSettings {
  projectId: string;
  clientEmail: string;
  privateKey: string;
  privateKeyId?: string;
  /** The service account's `token_uri`: where access tokens are asked for. */
  tokenUri: string;
  url: string;
  ca?: string;
}

/** Web Push, APNs, FCM and the native gateway, each present only when configured (docs/campaigns-and-push.md). */
export interface PushProviders {
  web?: { publicKey: string; privateKey: string; subject: string };
  apns?: ApnsSettings;
  fcm?: FcmSettings;
  gateway?: { url: string; secret: string };
  /** Extra trusted certificate authorities (PEM), for a private push service or gateway. */
  ca?: string;
  /** The hosts Web Push endpoints may name, when set (else the browsers' push services). */
  webHosts?: string[];
}

/** What `loadConfig` derives from the environment beyond plain values: parsed keys, files read, checked pairs. */
export interface DerivedSettings {
  jwt: JwtConfig;
  pseudonymKeys: KeyRing;
  vaultKeys: KeyRing;
  push: PushProviders;
}

/** What a process runs: the HTTP and socket server, the background workers, or both. */
export type ProcessRole = 'api' | 'worker' | 'all';

/** What an entry point decides whatever the environment says. */
export interface ConfigOverrides {
  /** The worker entry point (`npm run start:worker`) is always `worker`. */
  role?: ProcessRole;
}

export interface RuntimeConfig {
  readonly nodeEnv: EnvDto['NODE_ENV'];
  readonly shutdownTimeoutMs: number;
  readonly role: ProcessRole;
  /** Demo endpoints and page on; never in production. */
  readonly demoMode: boolean;
}

export interface HttpConfig {
  readonly port: number;
  readonly host: string;
  /** Express "trust proxy" syntax, as given. */
  readonly trustProxy: string;
  readonly corsOrigins: string[];
  readonly bodyLimit: string;
  readonly productsBodyLimit: string;
  readonly requestTimeoutMs: number;
  readonly bulkRequestTimeoutMs: number;
  readonly idempotencyTtlSeconds: number;
}

export interface SocketsConfig {
  readonly eventsPerSecond: number;
  readonly eventsBurst: number;
  readonly maxMessageBytes: number;
  readonly maxPerShopper: number;
  readonly maxPerAddress: number;
}

export interface DatabaseConfig {
  readonly url: string;
  readonly poolSize: number;
  readonly purchasesPoolSize: number;
  readonly fanOutPoolSize: number;
  readonly reportsPoolSize: number;
  readonly reportTimeoutMs: number;
  /** The read replica's URL, when there is one. */
  readonly readUrl: string | undefined;
  readonly readMaxWaitMs: number;
}

export interface RedisConfig {
  readonly url: string;
  readonly keyPrefix: string;
  /** Seed nodes of a Redis Cluster; empty for one server (or Sentinel). */
  readonly clusterNodes: readonly RedisNode[];
  /** Sentinels watching the master named `sentinelName`; empty without Sentinel. */
  readonly sentinels: readonly RedisNode[];
  readonly sentinelName: string;
  readonly sentinelPassword?: string;
}

export interface RedisNode {
  readonly host: string;
  readonly port: number;
}

export interface AuthConfig {
  readonly adminApiKey: string;
  readonly jwt: JwtConfig;
  /** Longest `exp - iat` of a shopper token. */
  readonly shopperTokenMaxLifetimeSeconds: number;
  readonly rateLimit: {
    readonly windowSeconds: number;
    readonly perKey: number;
    readonly perShopper: number;
    readonly perIp: number;
    readonly handshakesPerIp: number;
    readonly checkoutsPerShopper: number;
  };
}

export interface IdentityConfig {
  readonly pseudonymKeys: KeyRing;
  readonly vaultKeys: KeyRing;
  readonly caseInsensitiveCustomerIds: boolean;
}

export interface ConsentConfig {
  readonly bases: {
    readonly personalization: LegalBasis;
    readonly targetedOffers: LegalBasis;
    readonly pushMarketing: LegalBasis;
    readonly supplierInsights: LegalBasis;
  };
  readonly noticeVersion: string;
  readonly cacheTtlSeconds: number;
}

export interface PrivacyConfig {
  readonly purchaseRetentionMs: number;
  readonly inactiveRetentionMs: number;
  readonly retentionRunEveryHours: number;
  readonly erasureSecondPassDelayMs: number;
}

export interface CartsConfig {
  readonly maxLines: number;
  readonly maxQuantity: number;
  readonly idleTtlSeconds: number;
}

export interface RemindersConfig {
  readonly limit: number;
  readonly minCartItems: number;
  readonly dismissMs: number;
  readonly dismissalsMax: number;
}

export interface PurchasesConfig {
  readonly maxFutureSkewSeconds: number;
  readonly importBatchOrders: number;
  readonly importMaxLineBytes: number;
  readonly importCustomerCacheSize: number;
}

export interface CampaignsConfig {
  readonly chunkSize: number;
  readonly decideBatch: number;
  readonly launchWaitMs: number;
  /** Sends per second across all campaigns and workers; 0 = unlimited. */
  readonly sendRate: number;
  readonly workerConcurrency: number;
  readonly jobLockMs: number;
  readonly stalledIntervalMs: number;
  /** Attempts of a launch or chunk job, and the wait between two: retried until done. */
  readonly jobAttempts: number;
  readonly jobRetryMs: number;
  readonly pauseRecheckMs: number;
  readonly offerHistoryMs: number;
  readonly cartRefreshMs: number;
}

export interface PushConfig extends PushProviders {
  readonly timeoutMs: number;
  readonly ttlSeconds: number;
  readonly attempts: number;
  readonly backoffMs: number;
  readonly maxRetryDelayMs: number;
  readonly concurrency: number;
  /** Requests in flight at once to one provider, per process. */
  readonly providerConcurrency: number;
  /** Requests per second to one provider, per process; 0 = unlimited. */
  readonly providerRate: number;
  readonly authFailurePauseMs: number;
}

export interface InsightsConfig {
  readonly minAudience: number;
}

export interface QueueConfig {
  readonly attempts: number;
  readonly backoffMs: number;
  readonly keepCompleted: number;
  readonly keepFailed: number;
}

export interface LoggingConfig {
  readonly level: LogLevel;
  readonly file?: string;
}

export interface OperationsConfig {
  readonly metricsPort?: number;
  readonly docsEnabled: boolean;
  readonly queueDashboardEnabled: boolean;
  readonly queueDashboardPath: string;
}

export interface WorkerConfig {
  /** This process runs the background workers (its role is `worker` or `all`). */
  readonly enabled: boolean;
  readonly niceness: number;
  readonly schedIdle: boolean;
}

/** Every section of the configuration, as `AppConfig` exposes them. */
export interface ConfigSections {
  readonly runtime: RuntimeConfig;
  readonly http: HttpConfig;
  readonly sockets: SocketsConfig;
  readonly database: DatabaseConfig;
  readonly redis: RedisConfig;
  readonly auth: AuthConfig;
  readonly identity: IdentityConfig;
  readonly consent: ConsentConfig;
  readonly privacy: PrivacyConfig;
  readonly carts: CartsConfig;
  readonly reminders: RemindersConfig;
  readonly purchases: PurchasesConfig;
  readonly campaigns: CampaignsConfig;
  readonly push: PushConfig;
  readonly insights: InsightsConfig;
  readonly queue: QueueConfig;
  readonly logging: LoggingConfig;
  readonly operations: OperationsConfig;
  readonly worker: WorkerConfig;
}

/**
 * The one place that turns the validated environment into sections: camelCase names, final types
 * and units. The configuration reference (`npm run docs:config`) reads this function to tell
 * which section each variable lands in.
 */
export function buildSections(env: EnvDto, derived: DerivedSettings, overrides: ConfigOverrides = {}): ConfigSections {
  return {
    runtime: {
      nodeEnv: env.NODE_ENV,
      shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
      role: roleOf(env.ROLE, env.CAMPAIGN_WORKERS_ENABLED, overrides),
      demoMode: env.DEMO_MODE,
    },
    http: {
      port: env.PORT,
      host: env.HOST,
      trustProxy: env.TRUST_PROXY,
      corsOrigins: splitList(env.CORS_ORIGINS),
      bodyLimit: env.BODY_LIMIT,
      productsBodyLimit: env.BODY_LIMIT_PRODUCTS,
      requestTimeoutMs: env.HTTP_REQUEST_TIMEOUT_MS,
      bulkRequestTimeoutMs: env.HTTP_BULK_REQUEST_TIMEOUT_MS,
      idempotencyTtlSeconds: env.IDEMPOTENCY_TTL_SECONDS,
    },
    sockets: {
      eventsPerSecond: env.SOCKET_EVENTS_PER_SECOND,
      eventsBurst: env.SOCKET_EVENTS_BURST,
      maxMessageBytes: env.SOCKET_MAX_MESSAGE_BYTES,
      maxPerShopper: env.SOCKET_MAX_PER_SHOPPER,
      maxPerAddress: env.SOCKET_MAX_PER_ADDRESS,
    },
    database: {
      url: env.DATABASE_URL,
      poolSize: env.DATABASE_POOL_SIZE,
      purchasesPoolSize: env.PURCHASES_DB_POOL_SIZE,
      fanOutPoolSize: env.CAMPAIGN_DB_POOL_SIZE,
      reportsPoolSize: env.REPORT_DB_POOL_SIZE,
      reportTimeoutMs: env.REPORT_STATEMENT_TIMEOUT_MS,
      readUrl: env.DATABASE_READ_URL,
      readMaxWaitMs: env.DATABASE_READ_MAX_WAIT_MS,
    },
    redis: {
      url: env.REDIS_URL,
      keyPrefix: env.REDIS_KEY_PREFIX,
      clusterNodes: redisNodes(env.REDIS_CLUSTER_NODES),
      sentinels: redisNodes(env.REDIS_SENTINELS),
      sentinelName: env.REDIS_SENTINEL_NAME,
      sentinelPassword: env.REDIS_SENTINEL_PASSWORD,
    },
    auth: {
      adminApiKey: env.ADMIN_API_KEY,
      jwt: derived.jwt,
      shopperTokenMaxLifetimeSeconds: env.SHOPPER_JWT_MAX_LIFETIME_SECONDS,
      rateLimit: {
        windowSeconds: env.RATE_LIMIT_WINDOW_SECONDS,
        perKey: env.RATE_LIMIT_PER_KEY,
        perShopper: env.RATE_LIMIT_PER_SHOPPER,
        perIp: env.RATE_LIMIT_PER_IP,
        handshakesPerIp: env.RATE_LIMIT_HANDSHAKES_PER_IP,
        checkoutsPerShopper: env.RATE_LIMIT_CHECKOUTS_PER_SHOPPER,
      },
    },
    identity: {
      pseudonymKeys: derived.pseudonymKeys,
      vaultKeys: derived.vaultKeys,
      caseInsensitiveCustomerIds: env.CUSTOMER_ID_CASE_INSENSITIVE,
    },
    consent: {
      bases: {
        personalization: env.CONSENT_BASIS_PERSONALIZATION,
        targetedOffers: env.CONSENT_BASIS_TARGETED_OFFERS,
        pushMarketing: env.CONSENT_BASIS_PUSH_MARKETING,
        supplierInsights: env.CONSENT_BASIS_SUPPLIER_INSIGHTS,
      },
      noticeVersion: env.CONSENT_NOTICE_VERSION,
      cacheTtlSeconds: env.CONSENT_CACHE_TTL_SECONDS,
    },
    privacy: {
      purchaseRetentionMs: env.RETENTION_PURCHASE_DAYS * DAY_MS,
      inactiveRetentionMs: env.RETENTION_INACTIVE_DAYS * DAY_MS,
      retentionRunEveryHours: env.RETENTION_RUN_EVERY_HOURS,
      erasureSecondPassDelayMs: env.ERASURE_SECOND_PASS_DELAY_MS,
    },
    carts: {
      maxLines: env.CART_MAX_LINES,
      maxQuantity: env.CART_MAX_QUANTITY,
      idleTtlSeconds: env.CART_IDLE_TTL_SECONDS,
    },
    reminders: {
      limit: env.REMINDER_LIMIT,
      minCartItems: env.REMINDER_MIN_CART_ITEMS,
      dismissMs: env.REMINDER_DISMISS_DAYS * DAY_MS,
      dismissalsMax: env.REMINDER_DISMISSALS_MAX,
    },
    purchases: {
      maxFutureSkewSeconds: env.PURCHASE_MAX_FUTURE_SKEW_SECONDS,
      importBatchOrders: env.IMPORT_BATCH_ORDERS,
      importMaxLineBytes: env.IMPORT_MAX_LINE_BYTES,
      importCustomerCacheSize: env.IMPORT_CUSTOMER_CACHE_SIZE,
    },
    campaigns: {
      chunkSize: env.CAMPAIGN_CHUNK_SIZE,
      decideBatch: env.CAMPAIGN_DECIDE_BATCH,
      launchWaitMs: env.CAMPAIGN_LAUNCH_WAIT_MS,
      sendRate: env.CAMPAIGN_SEND_RATE,
      workerConcurrency: env.CAMPAIGN_WORKER_CONCURRENCY,
      jobLockMs: env.CAMPAIGN_JOB_LOCK_MS,
      stalledIntervalMs: env.CAMPAIGN_STALLED_INTERVAL_MS,
      jobAttempts: env.CAMPAIGN_JOB_ATTEMPTS,
      jobRetryMs: env.CAMPAIGN_JOB_RETRY_MS,
      pauseRecheckMs: env.CAMPAIGN_PAUSE_RECHECK_MS,
      offerHistoryMs: env.CAMPAIGN_OFFER_HISTORY_DAYS * DAY_MS,
      cartRefreshMs: env.CAMPAIGN_CART_REFRESH_MS,
    },
    push: {
      ...derived.push,
      timeoutMs: env.PUSH_TIMEOUT_MS,
      ttlSeconds: env.PUSH_TTL_SECONDS,
      attempts: env.PUSH_ATTEMPTS,
      backoffMs: env.PUSH_BACKOFF_MS,
      maxRetryDelayMs: env.PUSH_MAX_RETRY_DELAY_MS,
      concurrency: env.PUSH_CONCURRENCY,
      providerConcurrency: env.PUSH_PROVIDER_CONCURRENCY,
      providerRate: env.PUSH_PROVIDER_RATE,
      authFailurePauseMs: env.PUSH_AUTH_FAILURE_PAUSE_MS,
    },
    insights: {
      minAudience: env.INSIGHTS_MIN_AUDIENCE,
    },
    queue: {
      attempts: env.JOB_ATTEMPTS,
      backoffMs: env.JOB_BACKOFF_MS,
      keepCompleted: env.JOB_KEEP_COMPLETED,
      keepFailed: env.JOB_KEEP_FAILED,
    },
    logging: {
      level: env.LOG_LEVEL,
      file: env.LOG_FILE,
    },
    operations: {
      metricsPort: env.METRICS_PORT,
      docsEnabled: env.DOCS_ENABLED,
      queueDashboardEnabled: env.QUEUE_DASHBOARD_ENABLED,
      queueDashboardPath: env.QUEUE_DASHBOARD_PATH,
    },
    worker: {
      enabled: roleOf(env.ROLE, env.CAMPAIGN_WORKERS_ENABLED, overrides) !== 'api',
      niceness: env.WORKER_NICENESS,
      schedIdle: env.WORKER_SCHED_IDLE,
    },
  };
}

/** `host:port,…` (validated by EnvDto) as nodes. */
function redisNodes(text: string): RedisNode[] {
  return splitList(text).map((item) => {
    const at = item.lastIndexOf(':');
    return { host: item.slice(0, at), port: Number(item.slice(at + 1)) };
  });
}

function splitList(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/** ROLE, else the deprecated CAMPAIGN_WORKERS_ENABLED=false as `api`; an entry point may force it. */
function roleOf(role: ProcessRole | undefined, workersEnabled: boolean | undefined, overrides: ConfigOverrides): ProcessRole {
  return overrides.role ?? role ?? (workersEnabled === false ? 'api' : 'all');
}
