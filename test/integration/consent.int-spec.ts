import type { INestApplicationContext } from '@nestjs/common';
import { AppConfig } from '../../src/config/app-config.js';
import { PrismaService } from '../../src/infra/database/prisma.service.js';
import { RedisService } from '../../src/infra/redis/redis.service.js';
import { ConsentCache } from '../../src/modules/consent/consent.cache.js';
import { ConsentRepository } from '../../src/modules/consent/consent.repository.js';
import { ConsentService } from '../../src/modules/consent/consent.service.js';
import { Purpose } from '../../src/modules/consent/domain/consent.js';
import { IdentityService } from '../../src/modules/identity/identity.service.js';
import { newCustomerId } from '../support/customers.js';
import { startTestContext } from '../support/test-context.js';
import { RedisKeys } from '../../src/infra/redis/redis-keys.js';

describe('consent ledger and hot-path cache (PostgreSQL + Redis)', () => {
  let ctx: INestApplicationContext;
  let consent: ConsentService;
  let cache: ConsentCache;
  let redis: RedisService;
  let prisma: PrismaService;
  let identity: IdentityService;

  beforeAll(async () => {
    ctx = await startTestContext();
    consent = ctx.get(ConsentService);
    cache = ctx.get(ConsentCache);
    redis = ctx.get(RedisService);
    prisma = ctx.get(PrismaService);
    identity = ctx.get(IdentityService);
  });
  afterAll(() => ctx.close());

  const shopper = () => identity.resolve(newCustomerId());

  it('writes Redis when the change is recorded', async () => {
    const p = await shopper();
    await consent.update(p, { choices: { targeted_offers: true, personalization: false }, source: 'app', actor: 'shopper' });
    expect(await cache.read(p)).toEqual({ targeted_offers: true, personalization: false });
  });

  it('falls back to PostgreSQL on a cache miss, never to the default', async () => {
    const p = await shopper();
    await consent.update(p, { choices: { personalization: false }, source: 'app', actor: 'shopper' });
    await redis.client.del(RedisKeys.consent(p));
    expect(await consent.isGranted(p, Purpose.Personalization)).toBe(false);
    // ...and refills the cache on the way.
    expect(await cache.read(p)).toEqual({ personalization: false });
  });

  it('never lets an older state overwrite a newer one in the cache', async () => {
    const p = await shopper();
    await consent.update(p, { choices: { targeted_offers: true }, source: 'app', actor: 'shopper' });
    const grantedVersion = (await prisma.shopper.findUniqueOrThrow({ where: { pseudonym: p } })).consentVersion;
    await consent.update(p, { choices: { targeted_offers: false }, source: 'app', actor: 'shopper' });
    // A slow reader that loaded the grant before the withdrawal tries to fill the cache now.
    await cache.write(p, grantedVersion, { targeted_offers: true });
    expect(await consent.isGranted(p, Purpose.TargetedOffers)).toBe(false);
  });

  it('leaves Redis equal to PostgreSQL after concurrent changes of one shopper', async () => {
    const p = await shopper();
    // Changes of different purposes racing: whichever commits last must not be hidden in Redis
    // by one that drew a later ledger id but committed earlier.
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        consent.update(p, {
          choices: i % 2 ? { personalization: i % 4 === 1 } : { targeted_offers: i % 4 === 0 },
          source: 'app',
          actor: 'shopper',
        }),
      ),
    );
    const stored = await prisma.consentState.findMany({ where: { pseudonym: p } });
    const expected = Object.fromEntries(stored.map((r) => [r.purpose, r.granted]));
    expect(await cache.read(p)).toEqual(expected);
  });

  it('keeps the ledger append-only in the database itself', async () => {
    const p = await shopper();
    await consent.update(p, { choices: { push_marketing: true }, source: 'app', actor: 'shopper' });
    await expect(prisma.$executeRaw`UPDATE consent_ledger SET granted = false WHERE pseudonym = ${p}::uuid`).rejects.toThrow(/append-only/);
    await expect(prisma.$executeRaw`DELETE FROM consent_ledger WHERE pseudonym = ${p}::uuid`).rejects.toThrow(/append-only/);
    await expect(prisma.$executeRaw`TRUNCATE consent_ledger`).rejects.toThrow(/append-only/);
    expect(await consent.history(p)).toHaveLength(1);
  });

  it('refuses the change when Redis cannot be invalidated, and records nothing', async () => {
    const p = await shopper();
    // The same service wired to a Redis that does not answer (nothing listens on port 1).
    const config = ctx.get(AppConfig);
    const dead = {
      ...config.redis,
      url: 'redis://127.0.0.1:1',
      clusterNodes: config.redis.clusterNodes.length ? [{ host: '127.0.0.1', port: 1 }] : [],
    };
    const deadConfig = Object.create(config, { redis: { value: dead } }) as AppConfig;
    const deadRedis = new RedisService(deadConfig);
    deadRedis.client.on('error', () => undefined);
    const isolated = new ConsentService(config, ctx.get(ConsentRepository), new ConsentCache(deadRedis, config));
    try {
      await expect(isolated.update(p, { choices: { targeted_offers: true }, source: 'app', actor: 'shopper' })).rejects.toMatchObject({
        code: 'SERVICE_UNAVAILABLE',
      });
    } finally {
      deadRedis.client.disconnect();
    }
    expect(await consent.history(p)).toEqual([]);
    expect(await consent.isGranted(p, Purpose.TargetedOffers)).toBe(false);
  });
});
