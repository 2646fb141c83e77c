import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './app-config.js';

const key32 = Buffer.alloc(32, 1).toString('base64');
const valid = {
  DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/panier',
  ADMIN_API_KEY: 'an-admin-key-that-is-long-enough',
  SHOPPER_JWT_SECRET: 'a-shopper-secret-that-is-long-enough-0123',
  PSEUDONYM_HMAC_KEYS: `2:${key32},1:${Buffer.alloc(32, 2).toString('base64')}`,
  VAULT_KEYS: `1:${Buffer.alloc(32, 3).toString('base64')}`,
};

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('builds a typed config with defaults and the active key first', () => {
    const config = loadConfig(valid);
    expect(config.http.port).toBe(3000);
    expect(config.insights.minAudience).toBe(50);
    expect(config.auth.jwt.algorithm).toBe('HS256');
    expect(config.identity.pseudonymKeys.active.version).toBe(2);
    expect(config.identity.pseudonymKeys.all.map((k) => k.version)).toEqual([2, 1]);
  });

  it('groups the variables into sections, in their final types and units', () => {
    const config = loadConfig({
      ...valid,
      CAMPAIGN_CHUNK_SIZE: '500',
      RATE_LIMIT_PER_IP: '77',
      CORS_ORIGINS: ' https://a.example , https://b.example,',
      LOG_FILE: '/tmp/panier.log',
    });
    expect(config.campaigns.chunkSize).toBe(500);
    expect(config.auth.rateLimit).toEqual({
      windowSeconds: 60,
      perKey: 6000,
      perShopper: 600,
      perIp: 77,
      handshakesPerIp: 600,
      checkoutsPerShopper: 10,
    });
    expect(config.http.corsOrigins).toEqual(['https://a.example', 'https://b.example']);
    expect(config.database).toEqual({
      url: valid.DATABASE_URL,
      poolSize: 10,
      purchasesPoolSize: 4,
      fanOutPoolSize: 4,
      reportsPoolSize: 2,
      reportTimeoutMs: 15_000,
      readUrl: undefined,
      readMaxWaitMs: 2000,
    });
    expect(config.logging).toEqual({ level: 'info', file: '/tmp/panier.log' });
    expect(config.consent.bases).toEqual({
      personalization: 'legitimate_interest',
      targetedOffers: 'consent',
      pushMarketing: 'consent',
      supplierInsights: 'legitimate_interest',
    });
    expect(config).not.toHaveProperty('env');
  });

  it('converts days to milliseconds where the code counts in milliseconds', () => {
    const config = loadConfig({ ...valid, RETENTION_PURCHASE_DAYS: '2', REMINDER_DISMISS_DAYS: '1' });
    expect(config.privacy.purchaseRetentionMs).toBe(2 * 86_400_000);
    expect(config.privacy.inactiveRetentionMs).toBe(1095 * 86_400_000);
    expect(config.reminders.dismissMs).toBe(86_400_000);
    expect(config.campaigns.offerHistoryMs).toBe(90 * 86_400_000);
  });

  it('decides what the process runs from ROLE; the worker entry point forces worker', () => {
    expect(loadConfig(valid).worker.enabled).toBe(true);
    expect(loadConfig({ ...valid }).runtime.role).toBe('all');
    expect(loadConfig({ ...valid, ROLE: 'api' }).worker.enabled).toBe(false);
    expect(loadConfig({ ...valid, ROLE: 'worker' }).worker.enabled).toBe(true);
    expect(loadConfig({ ...valid, CAMPAIGN_WORKERS_ENABLED: 'false' }).runtime.role).toBe('api');
    expect(loadConfig({ ...valid, ROLE: 'api' }, { role: 'worker' }).runtime.role).toBe('worker');
    expect(() => loadConfig({ ...valid, ROLE: 'both' })).toThrow(/ROLE/);
  });

  describe('in production', () => {
    const fresh = () => ({
      DATABASE_URL: valid.DATABASE_URL,
      ADMIN_API_KEY: randomBytes(24).toString('base64url'),
      SHOPPER_JWT_SECRET: randomBytes(32).toString('base64url'),
      PSEUDONYM_HMAC_KEYS: `1:${randomBytes(32).toString('base64')}`,
      VAULT_KEYS: `1:${randomBytes(32).toString('base64')}`,
    });
    /** What docker-compose.yml shipped, with NODE_ENV=production. */
    const composeSamples = {
      ADMIN_API_KEY: 'change-me-local-admin-key-0123456789',
      SHOPPER_JWT_SECRET: 'change-me-local-jwt-secret-0123456789abcdef',
      PSEUDONYM_HMAC_KEYS: '1:AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=',
      VAULT_KEYS: '1:ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=',
    };

    it('starts with generated secrets (as `npm run keys:generate` makes them)', () => {
      expect(problemsOf({ ...fresh(), NODE_ENV: 'production' })).toEqual([]);
    });

    it('refuses demo mode, which signs shopper tokens for anyone', () => {
      expect(problemsOf({ ...fresh(), NODE_ENV: 'production', DEMO_MODE: 'true' })).toEqual([expect.stringMatching(/^DEMO_MODE must not/)]);
      expect(problemsOf({ ...fresh(), NODE_ENV: 'development', DEMO_MODE: 'true' })).toEqual([]);
    });

    it('refuses each secret shipped in the repository, naming the variable and not the value', () => {
      const problems = problemsOf({ ...fresh(), ...composeSamples, NODE_ENV: 'production' });
      for (const name of Object.keys(composeSamples)) expect(problems.join('\n')).toContain(name);
      expect(problems).toHaveLength(4);
      expect(problems.join('\n')).not.toContain('change-me');
      // The test environment's and this file's samples too.
      for (const sample of [
        { ADMIN_API_KEY: 'test-admin-key-0123456789abcdef' },
        { SHOPPER_JWT_SECRET: 'test-shopper-secret-0123456789abcdef-0123456789' },
        { ADMIN_API_KEY: valid.ADMIN_API_KEY },
        { VAULT_KEYS: `1:${Buffer.alloc(32, 9).toString('base64')}` },
        { PUSH_GATEWAY_URL: 'https://gw.example.com', PUSH_GATEWAY_SECRET: 'a-gateway-secret-long-enough' },
      ])
        expect(problemsOf({ ...fresh(), ...sample, NODE_ENV: 'production' })).toEqual([expect.stringMatching(/sample or guessable/)]);
    });

    it('refuses obviously weak ones: typed words, few distinct characters, filled or stepped key bytes', () => {
      for (const weak of [
        { ADMIN_API_KEY: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' },
        { ADMIN_API_KEY: 'our-production-password-for-panier' },
        { SHOPPER_JWT_SECRET: 'my-very-long-jwt-secret-for-the-shopper-app' },
        { PSEUDONYM_HMAC_KEYS: `1:${Buffer.alloc(32).toString('base64')}` },
        { PSEUDONYM_HMAC_KEYS: `1:${Buffer.from(Array.from({ length: 32 }, (_, i) => (i * 7) % 256)).toString('base64')}` },
      ])
        expect(problemsOf({ ...fresh(), ...weak, NODE_ENV: 'production' })).toHaveLength(1);
    });

    it('lets a weak older key stay in the ring while the data is rotated off it', () => {
      const rotating = `2:${randomBytes(32).toString('base64')},${composeSamples.PSEUDONYM_HMAC_KEYS}`;
      expect(problemsOf({ ...fresh(), PSEUDONYM_HMAC_KEYS: rotating, NODE_ENV: 'production' })).toEqual([]);
    });

    it('leaves development and tests alone', () => {
      expect(problemsOf({ ...fresh(), ...composeSamples, NODE_ENV: 'development' })).toEqual([]);
      expect(problemsOf({ ...fresh(), ...composeSamples, NODE_ENV: 'test' })).toEqual([]);
    });
  });

  it('names every missing or bad variable', () => {
    const problems = problemsOf({ PORT: 'eighty', DATABASE_URL: 'mysql://x', VAULT_KEYS: '1:c2hvcnQ=' });
    const text = problems.join('\n');
    for (const name of ['PORT', 'DATABASE_URL', 'ADMIN_API_KEY', 'SHOPPER_JWT_SECRET', 'PSEUDONYM_HMAC_KEYS', 'VAULT_KEYS']) {
      expect(text).toContain(name);
    }
  });

  it('pins the JWT algorithm: one of secret or public key, not both', () => {
    expect(problemsOf({ ...valid, SHOPPER_JWT_PUBLIC_KEY: '-----BEGIN PUBLIC KEY-----x' }).join()).toMatch(/both set/);
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString().replaceAll('\n', '\\n');
    const rs = loadConfig({ ...valid, SHOPPER_JWT_SECRET: undefined, SHOPPER_JWT_PUBLIC_KEY: pem });
    expect(rs.auth.jwt.algorithm).toBe('RS256');
    expect(
      problemsOf({
        ...valid,
        SHOPPER_JWT_SECRET: undefined,
        SHOPPER_JWT_PUBLIC_KEY: '-----BEGIN PUBLIC KEY-----\\nabc\\n-----END PUBLIC KEY-----',
      }).join(),
    ).toMatch(/SHOPPER_JWT_PUBLIC_KEY/);
  });

  it('refuses a vault key that is also an HMAC key', () => {
    expect(problemsOf({ ...valid, VAULT_KEYS: `1:${key32}`, PSEUDONYM_HMAC_KEYS: `1:${key32}` }).join()).toMatch(/must not share a key/);
  });

  it('mounts the queue dashboard at /queues by default, and refuses paths that are not absolute or shadow the API', () => {
    expect(loadConfig(valid).operations).toMatchObject({ queueDashboardEnabled: true, queueDashboardPath: '/queues' });
    expect(loadConfig({ ...valid, QUEUE_DASHBOARD_ENABLED: 'false', QUEUE_DASHBOARD_PATH: '/ops/queues' }).operations).toMatchObject({
      queueDashboardEnabled: false,
      queueDashboardPath: '/ops/queues',
    });
    for (const path of ['queues', '/queues/', '/', '/que ues']) {
      expect(problemsOf({ ...valid, QUEUE_DASHBOARD_PATH: path })).toEqual([
        expect.stringContaining('QUEUE_DASHBOARD_PATH must be an absolute path'),
      ]);
    }
    for (const path of ['/v1', '/V1/queues', '/docs', '/health/queues', '/metrics']) {
      expect(problemsOf({ ...valid, QUEUE_DASHBOARD_PATH: path })).toEqual([
        expect.stringContaining('QUEUE_DASHBOARD_PATH must not be under'),
      ]);
    }
    expect(problemsOf({ ...valid, QUEUE_DASHBOARD_PATH: '/v1queues' })).toEqual([]);
  });

  it('refuses booleans it cannot read', () => {
    expect(problemsOf({ ...valid, CUSTOMER_ID_CASE_INSENSITIVE: 'maybe' }).join()).toMatch(/CUSTOMER_ID_CASE_INSENSITIVE/);
    expect(loadConfig({ ...valid, CUSTOMER_ID_CASE_INSENSITIVE: 'yes' }).identity.caseInsensitiveCustomerIds).toBe(true);
  });

  it('refuses duplicate key versions and vault keys that are not 32 bytes', () => {
    expect(problemsOf({ ...valid, PSEUDONYM_HMAC_KEYS: `1:${key32},1:${key32}` }).join()).toMatch(/unique/);
    expect(problemsOf({ ...valid, VAULT_KEYS: `1:${Buffer.alloc(40).toString('base64')}` }).join()).toMatch(/32 bytes/);
  });

  it('starts without push, and takes push providers only when whole', async () => {
    const delivery = {
      timeoutMs: 10_000,
      ttlSeconds: 86_400,
      attempts: 6,
      backoffMs: 2000,
      maxRetryDelayMs: 3_600_000,
      concurrency: 20,
      providerConcurrency: 200,
      providerRate: 0,
      authFailurePauseMs: 300_000,
    };
    expect(loadConfig(valid).push).toEqual(delivery);
    const { default: webpush } = await import('web-push');
    const keys = webpush.generateVAPIDKeys();
    const web = {
      PUSH_VAPID_PUBLIC_KEY: keys.publicKey,
      PUSH_VAPID_PRIVATE_KEY: keys.privateKey,
      PUSH_VAPID_SUBJECT: 'mailto:push@example.com',
    };
    const gateway = { PUSH_GATEWAY_URL: 'https://push.example.com/v1/send', PUSH_GATEWAY_SECRET: 'a-gateway-secret-long-enough' };
    expect(loadConfig({ ...valid, ...web, ...gateway }).push).toEqual({
      ...delivery,
      web: { publicKey: keys.publicKey, privateKey: keys.privateKey, subject: 'mailto:push@example.com' },
      gateway: { url: gateway.PUSH_GATEWAY_URL, secret: gateway.PUSH_GATEWAY_SECRET },
    });
    expect(problemsOf({ ...valid, PUSH_VAPID_PUBLIC_KEY: keys.publicKey }).join()).toMatch(/set all three or none/);
    expect(problemsOf({ ...valid, ...web, PUSH_VAPID_SUBJECT: 'push@example.com' }).join()).toMatch(/PUSH_VAPID_SUBJECT/);
    expect(loadConfig({ ...valid, PUSH_WEB_ENDPOINT_HOSTS: ' push.example.com , Web.Push.Apple.com' }).push.webHosts).toEqual([
      'push.example.com',
      'web.push.apple.com',
    ]);
    expect(problemsOf({ ...valid, PUSH_WEB_ENDPOINT_HOSTS: 'https://push.example.com' }).join()).toMatch(/PUSH_WEB_ENDPOINT_HOSTS/);
    expect(problemsOf({ ...valid, ...web, PUSH_VAPID_PRIVATE_KEY: 'c2hvcnQ' }).join()).toMatch(/PUSH_VAPID_PRIVATE_KEY/);
    expect(problemsOf({ ...valid, PUSH_GATEWAY_URL: gateway.PUSH_GATEWAY_URL }).join()).toMatch(/PUSH_GATEWAY_SECRET is required/);
    expect(problemsOf({ ...valid, ...gateway, PUSH_GATEWAY_URL: 'ftp://x' }).join()).toMatch(/PUSH_GATEWAY_URL/);
    expect(problemsOf({ ...valid, PUSH_CA_FILE: '/nonexistent/ca.pem' }).join()).toMatch(/PUSH_CA_FILE/);
  });

  it('takes APNs and FCM from their key files, whole or not at all, and never quotes a key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'panier-config-'));
    try {
      const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
      const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
      const p8 = join(dir, 'AuthKey.p8');
      writeFileSync(p8, ec);
      const apns = {
        PUSH_APNS_KEY_FILE: p8,
        PUSH_APNS_KEY_ID: 'ABC123DEFG',
        PUSH_APNS_TEAM_ID: 'DEF123GHIJ',
        PUSH_APNS_TOPIC: 'com.example.app',
      };
      expect(loadConfig({ ...valid, ...apns }).push.apns).toEqual({
        key: ec,
        keyId: 'ABC123DEFG',
        teamId: 'DEF123GHIJ',
        topic: 'com.example.app',
        url: 'https://api.push.apple.com',
      });
      expect(loadConfig({ ...valid, ...apns, PUSH_APNS_URL: 'https://api.sandbox.push.apple.com/' }).push.apns?.url).toBe(
        'https://api.sandbox.push.apple.com',
      );
      expect(problemsOf({ ...valid, PUSH_APNS_KEY_FILE: p8 }).join()).toMatch(/set all four or none/);
      expect(problemsOf({ ...valid, ...apns, PUSH_APNS_KEY_ID: 'short' }).join()).toMatch(/PUSH_APNS_KEY_ID/);
      const rsaFile = join(dir, 'rsa.p8');
      writeFileSync(rsaFile, rsa);
      const wrongKey = problemsOf({ ...valid, ...apns, PUSH_APNS_KEY_FILE: rsaFile }).join();
      expect(wrongKey).toMatch(/P-256 private key/);
      expect(wrongKey).not.toContain('PRIVATE KEY');

      const account = join(dir, 'sa.json');
      const sa = { project_id: 'shop-app', client_email: 'push@shop-app.iam.gserviceaccount.com', private_key: rsa, private_key_id: 'k1' };
      writeFileSync(account, JSON.stringify({ ...sa, token_uri: 'https://oauth2.googleapis.com/token' }));
      expect(loadConfig({ ...valid, PUSH_FCM_SERVICE_ACCOUNT_FILE: account }).push.fcm).toEqual({
        projectId: 'shop-app',
        clientEmail: sa.client_email,
        privateKey: rsa,
        privateKeyId: 'k1',
        tokenUri: 'https://oauth2.googleapis.com/token',
        url: 'https://fcm.googleapis.com',
      });
      expect(loadConfig({ ...valid, PUSH_FCM_SERVICE_ACCOUNT_FILE: account, PUSH_FCM_PROJECT_ID: 'other-app' }).push.fcm?.projectId).toBe(
        'other-app',
      );
      writeFileSync(account, JSON.stringify(sa));
      expect(problemsOf({ ...valid, PUSH_FCM_SERVICE_ACCOUNT_FILE: account }).join()).toMatch(/token_uri/);
      expect(problemsOf({ ...valid, PUSH_FCM_SERVICE_ACCOUNT_FILE: join(dir, 'none.json') }).join()).toMatch(/cannot read/);
      expect(problemsOf({ ...valid, PUSH_FCM_PROJECT_ID: 'shop-app' }).join()).toMatch(/without PUSH_FCM_SERVICE_ACCOUNT_FILE/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
