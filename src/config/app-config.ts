import 'reflect-metadata';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import {
  buildSections,
  type ConfigOverrides,
  type ApnsSettings,
  type ConfigSections,
  type FcmSettings,
  type JwtConfig,
  type KeyRing,
  type PushProviders,
  type VersionedKey,
} from './config-sections.js';
import { EnvDto } from './env.dto.js';
import { sampleSecretProblems } from './sample-secrets.js';

export type * from './config-sections.js';

/**
 * Typed configuration, built once from the environment and injected everywhere as `AppConfig`:
 * one plain section per concern (`config.http.port`, `config.campaigns.chunkSize`, ...).
 */
export class AppConfig implements ConfigSections {
  readonly runtime: ConfigSections['runtime'];
  readonly http: ConfigSections['http'];
  readonly sockets: ConfigSections['sockets'];
  readonly database: ConfigSections['database'];
  readonly redis: ConfigSections['redis'];
  readonly auth: ConfigSections['auth'];
  readonly identity: ConfigSections['identity'];
  readonly consent: ConfigSections['consent'];
  readonly privacy: ConfigSections['privacy'];
  readonly carts: ConfigSections['carts'];
  readonly reminders: ConfigSections['reminders'];
  readonly purchases: ConfigSections['purchases'];
  readonly campaigns: ConfigSections['campaigns'];
  readonly push: ConfigSections['push'];
  readonly insights: ConfigSections['insights'];
  readonly queue: ConfigSections['queue'];
  readonly logging: ConfigSections['logging'];
  readonly operations: ConfigSections['operations'];
  readonly worker: ConfigSections['worker'];

  constructor(sections: ConfigSections) {
    Object.assign(this, sections);
  }
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

/** Routes of the API itself, which the queue dashboard must not shadow (Express matches paths ignoring case). */
const RESERVED_PATHS = ['/v1', '/health', '/docs', '/metrics', '/socket.io', '/console', '/demo'];

/**
 * Validates the environment; throws a ConfigError naming every bad or missing variable.
 * `overrides` are what an entry point decides whatever the environment says.
 */
export function loadConfig(raw: Record<string, string | undefined> = process.env, overrides: ConfigOverrides = {}): AppConfig {
  const env = plainToInstance(EnvDto, stripEmpty(raw), { exposeDefaultValues: true });
  const problems = validateSync(env, { whitelist: false }).flatMap((e) =>
    Object.values(e.constraints ?? {}).map((m) => (m.startsWith(e.property) ? m : `${e.property}: ${m}`)),
  );
  const jwt = readJwt(env, problems);
  const pseudonymKeys = readKeyRing('PSEUDONYM_HMAC_KEYS', env.PSEUDONYM_HMAC_KEYS, env.PSEUDONYM_HMAC_KEYS_FILE, 32, problems);
  const vaultKeys = readKeyRing('VAULT_KEYS', env.VAULT_KEYS, env.VAULT_KEYS_FILE, 32, problems, 32);
  if (pseudonymKeys && vaultKeys && pseudonymKeys.all.some((h) => vaultKeys.all.some((v) => h.key.equals(v.key)))) {
    problems.push('PSEUDONYM_HMAC_KEYS and VAULT_KEYS must not share a key: the vault must not open with the index key');
  }
  if (env.REDIS_CLUSTER_NODES && env.REDIS_SENTINELS) {
    problems.push('REDIS_CLUSTER_NODES and REDIS_SENTINELS are both set: a Cluster has no Sentinel, set one');
  }
  const push = readPush(env, problems);
  if (RESERVED_PATHS.some((p) => `${env.QUEUE_DASHBOARD_PATH}/`.toLowerCase().startsWith(`${p}/`))) {
    problems.push(`QUEUE_DASHBOARD_PATH must not be under ${RESERVED_PATHS.join(', ')}: those routes are the API's`);
  }
  if (env.NODE_ENV === 'production') {
    // Demo mode hands out shopper tokens to anyone who asks.
    if (env.DEMO_MODE) problems.push('DEMO_MODE must not be true when NODE_ENV is production: demo mode signs shopper tokens for anyone');
    problems.push(
      ...sampleSecretProblems(
        { ADMIN_API_KEY: env.ADMIN_API_KEY, SHOPPER_JWT_SECRET: env.SHOPPER_JWT_SECRET, PUSH_GATEWAY_SECRET: env.PUSH_GATEWAY_SECRET },
        { PSEUDONYM_HMAC_KEYS: pseudonymKeys, VAULT_KEYS: vaultKeys },
      ),
    );
  }
  if (problems.length > 0 || !jwt || !pseudonymKeys || !vaultKeys) throw new ConfigError(problems);
  return new AppConfig(buildSections(env, { jwt, pseudonymKeys, vaultKeys, push }, overrides));
}

function stripEmpty(raw: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) if (v !== undefined && v !== '') out[k] = v;
  return out;
}

function readJwt(env: EnvDto, problems: string[]): JwtConfig | undefined {
  const common = { issuer: env.SHOPPER_JWT_ISSUER, audience: env.SHOPPER_JWT_AUDIENCE };
  if (env.SHOPPER_JWT_SECRET && env.SHOPPER_JWT_PUBLIC_KEY) {
    problems.push('SHOPPER_JWT_SECRET and SHOPPER_JWT_PUBLIC_KEY are both set: set one, it pins the algorithm');
    return undefined;
  }
  if (env.SHOPPER_JWT_SECRET) return { algorithm: 'HS256', secret: Buffer.from(env.SHOPPER_JWT_SECRET), ...common };
  if (env.SHOPPER_JWT_PUBLIC_KEY) {
    const pem = env.SHOPPER_JWT_PUBLIC_KEY.replaceAll('\\n', '\n');
    try {
      const key = createPublicKey(pem);
      if (key.asymmetricKeyType !== 'rsa' || (key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) {
        problems.push('SHOPPER_JWT_PUBLIC_KEY must be an RSA public key of at least 2048 bits');
      }
    } catch {
      problems.push('SHOPPER_JWT_PUBLIC_KEY is not a readable PEM public key');
    }
    return { algorithm: 'RS256', publicKeyPem: pem, ...common };
  }
  problems.push('SHOPPER_JWT_SECRET or SHOPPER_JWT_PUBLIC_KEY is required');
  return undefined;
}

/** Push providers: all three VAPID variables or none, APNs and FCM whole or not at all, a gateway URL with its secret. */
function readPush(env: EnvDto, problems: string[]): PushProviders {
  const push: PushProviders = {};
  const vapid = [env.PUSH_VAPID_PUBLIC_KEY, env.PUSH_VAPID_PRIVATE_KEY, env.PUSH_VAPID_SUBJECT];
  if (vapid.every(Boolean)) {
    const [publicKey, privateKey, subject] = vapid as [string, string, string];
    if (Buffer.from(publicKey, 'base64url').length !== 65)
      problems.push('PUSH_VAPID_PUBLIC_KEY must be an uncompressed P-256 public key (65 bytes, base64url)');
    if (Buffer.from(privateKey, 'base64url').length !== 32)
      problems.push('PUSH_VAPID_PRIVATE_KEY must be a P-256 private key (32 bytes, base64url)');
    if (!/^(mailto:|https:\/\/)/.test(subject)) problems.push('PUSH_VAPID_SUBJECT must be a mailto: or https: URL');
    push.web = { publicKey, privateKey, subject };
  } else if (vapid.some(Boolean)) {
    problems.push('PUSH_VAPID_PUBLIC_KEY, PUSH_VAPID_PRIVATE_KEY and PUSH_VAPID_SUBJECT go together: set all three or none');
  }
  const apns = readApns(env, problems);
  if (apns) push.apns = apns;
  const fcm = readFcm(env, problems);
  if (fcm) push.fcm = fcm;
  if (env.PUSH_GATEWAY_URL) {
    if (env.PUSH_GATEWAY_SECRET) push.gateway = { url: env.PUSH_GATEWAY_URL, secret: env.PUSH_GATEWAY_SECRET };
    else problems.push('PUSH_GATEWAY_SECRET is required with PUSH_GATEWAY_URL');
  }
  if (env.PUSH_WEB_ENDPOINT_HOSTS) {
    const hosts = env.PUSH_WEB_ENDPOINT_HOSTS.split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean);
    const bad = hosts.filter((h) => !/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/.test(h));
    if (hosts.length === 0 || bad.length > 0)
      problems.push(`PUSH_WEB_ENDPOINT_HOSTS must be host names separated by commas${bad.length ? `, not ${bad.join(', ')}` : ''}`);
    else push.webHosts = hosts;
  }
  if (env.PUSH_CA_FILE) {
    try {
      push.ca = readFileSync(env.PUSH_CA_FILE, 'utf8');
    } catch {
      problems.push(`PUSH_CA_FILE: cannot read ${env.PUSH_CA_FILE}`);
    }
  }
  return push;
}

/** APNs: the key file, key id, team id and topic together or none; the key must be an ES256 (P-256) private key. */
function readApns(env: EnvDto, problems: string[]): ApnsSettings | undefined {
  const parts = [env.PUSH_APNS_KEY_FILE, env.PUSH_APNS_KEY_ID, env.PUSH_APNS_TEAM_ID, env.PUSH_APNS_TOPIC];
  if (!parts.some(Boolean)) return undefined;
  if (!parts.every(Boolean)) {
    problems.push('PUSH_APNS_KEY_FILE, PUSH_APNS_KEY_ID, PUSH_APNS_TEAM_ID and PUSH_APNS_TOPIC go together: set all four or none');
    return undefined;
  }
  const key = readText('PUSH_APNS_KEY_FILE', env.PUSH_APNS_KEY_FILE as string, problems);
  if (key !== undefined) {
    try {
      const parsed = createPrivateKey(key);
      if (parsed.asymmetricKeyType !== 'ec' || parsed.asymmetricKeyDetails?.namedCurve !== 'prime256v1') throw new Error('not P-256');
    } catch {
      // Never the key itself, nor the library's message (it may quote it).
      problems.push('PUSH_APNS_KEY_FILE must hold the P-256 private key of an APNs auth key (.p8)');
    }
  }
  const ca = env.PUSH_APNS_CA_FILE ? readText('PUSH_APNS_CA_FILE', env.PUSH_APNS_CA_FILE, problems) : undefined;
  if (key === undefined) return undefined;
  return {
    key,
    keyId: env.PUSH_APNS_KEY_ID as string,
    teamId: env.PUSH_APNS_TEAM_ID as string,
    topic: env.PUSH_APNS_TOPIC as string,
    url: env.PUSH_APNS_URL.replace(/\/+$/, ''),
    ...(ca ? { ca } : {}),
  };
}

/** FCM: a readable service-account JSON with its email, private key and token URI; the project from the variable or the file. */
function readFcm(env: EnvDto, problems: string[]): FcmSettings | undefined {
  if (!env.PUSH_FCM_SERVICE_ACCOUNT_FILE) {
    if (env.PUSH_FCM_PROJECT_ID) problems.push('PUSH_FCM_PROJECT_ID is set without PUSH_FCM_SERVICE_ACCOUNT_FILE');
    return undefined;
  }
  const text = readText('PUSH_FCM_SERVICE_ACCOUNT_FILE', env.PUSH_FCM_SERVICE_ACCOUNT_FILE, problems);
  if (text === undefined) return undefined;
  let account: Record<string, unknown>;
  try {
    account = JSON.parse(text) as Record<string, unknown>;
  } catch {
    problems.push('PUSH_FCM_SERVICE_ACCOUNT_FILE is not JSON (a Google service-account key file)');
    return undefined;
  }
  const str = (name: string) => {
    const value = account[name];
    return typeof value === 'string' && value ? value : undefined;
  };
  const [clientEmail, privateKey, tokenUri] = [str('client_email'), str('private_key'), str('token_uri')];
  const projectId = env.PUSH_FCM_PROJECT_ID ?? str('project_id');
  if (!clientEmail || !privateKey || !tokenUri || !projectId) {
    problems.push(
      'PUSH_FCM_SERVICE_ACCOUNT_FILE must hold client_email, private_key, token_uri (and project_id, or set PUSH_FCM_PROJECT_ID)',
    );
    return undefined;
  }
  if (!/^https?:\/\//.test(tokenUri)) problems.push('PUSH_FCM_SERVICE_ACCOUNT_FILE: token_uri must be an http(s) URL');
  const ca = env.PUSH_FCM_CA_FILE ? readText('PUSH_FCM_CA_FILE', env.PUSH_FCM_CA_FILE, problems) : undefined;
  const privateKeyId = str('private_key_id');
  return {
    projectId,
    clientEmail,
    privateKey,
    tokenUri,
    url: env.PUSH_FCM_URL.replace(/\/+$/, ''),
    ...(privateKeyId ? { privateKeyId } : {}),
    ...(ca ? { ca } : {}),
  };
}

function readText(name: string, file: string, problems: string[]): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    problems.push(`${name}: cannot read ${file}`);
    return undefined;
  }
}

/** Parses `2:base64,1:base64` (inline or from a file); the first entry is the active key. */
function readKeyRing(
  name: string,
  inline: string | undefined,
  file: string | undefined,
  minBytes: number,
  problems: string[],
  exactBytes?: number,
): KeyRing | undefined {
  let text = inline;
  if (!text && file) {
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      problems.push(`${name}_FILE: cannot read ${file}`);
      return undefined;
    }
  }
  if (!text?.trim()) {
    problems.push(`${name} (or ${name}_FILE) is required`);
    return undefined;
  }
  const all: VersionedKey[] = [];
  for (const entry of text
    .split(/[,\n]/)
    .map((e) => e.trim())
    .filter(Boolean)) {
    const match = /^(\d+):([A-Za-z0-9+/=_-]+)$/.exec(entry);
    const key = match ? Buffer.from(match[2], 'base64') : undefined;
    if (!match || !key) {
      problems.push(`${name}: entries must look like <version>:<base64 key>`);
      return undefined;
    }
    if (key.length < minBytes || (exactBytes && key.length !== exactBytes)) {
      problems.push(`${name}: key version ${match[1]} must be ${exactBytes ?? `at least ${minBytes}`} bytes`);
      return undefined;
    }
    all.push({ version: Number(match[1]), key });
  }
  if (new Set(all.map((k) => k.version)).size !== all.length) {
    problems.push(`${name}: key versions must be unique`);
    return undefined;
  }
  return { active: all[0], all };
}

/** For entry points: the validated configuration, or the problems printed and the process ended. */
export function loadConfigOrExit(overrides: ConfigOverrides = {}): AppConfig {
  try {
    return loadConfig(process.env, overrides);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
