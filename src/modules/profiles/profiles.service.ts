import { Injectable, Logger } from '@nestjs/common';
import { RedisService } from '../../infra/redis/redis.service.js';
import { applyOrder, buildProfile, type HabitProfile, type ProfileOrder } from './domain/habit-profile.js';
import { decodeProfile, encodeProfile } from './domain/profile-codec.js';
import { ProfileStore, type StoredProfile } from './profile.store.js';
import { ProfilesRepository } from './profiles.repository.js';
import { RedisKeys } from '../../infra/redis/redis-keys.js';

const CAS_ATTEMPTS = 5;

/** A new order for the profiles, from checkout, the REST endpoint or an import batch. */
export interface ProfileUpdate extends ProfileOrder {
  pseudonym: string;
}

/**
 * Habit profiles: read by the live cart path from Redis in one round trip, updated incrementally
 * when purchases arrive, rebuilt from PostgreSQL (the source of truth) when missing or by the
 * rebuild job. Incremental updates and rebuilds agree whatever the order purchases arrive in
 * (see domain/habit-profile.ts).
 */
@Injectable()
export class ProfilesService {
  private readonly logger = new Logger(ProfilesService.name);

  constructor(
    private readonly store: ProfileStore,
    private readonly repository: ProfilesRepository,
    private readonly redis: RedisService,
  ) {}

  /**
   * Every order of up to `limit` shoppers, a page of shoppers at a time, in pseudonym order:
   * pseudonyms are random, so the first `limit` are a uniform sample of the population.
   */
  async *orderPages(limit: number, pageSize = 1000): AsyncGenerator<ProfileOrder[][]> {
    let after: string | undefined;
    for (let seen = 0; seen < limit;) {
      const page = await this.repository.shopperPage(after, undefined, Math.min(pageSize, limit - seen));
      if (page.length === 0) return;
      const orders = await this.repository.ordersOf(page);
      yield page.map((p) => orders.get(p) ?? []);
      seen += page.length;
      after = page[page.length - 1];
    }
  }

  /** The shopper's profile; built from PostgreSQL and stored when Redis holds none. */
  async load(pseudonym: string): Promise<StoredProfile> {
    const stored = await this.store.read(pseudonym);
    if (stored) return stored;
    const profile = buildProfile((await this.repository.ordersOf([pseudonym])).get(pseudonym) ?? []);
    const stamp = await this.store.compareAndSet(pseudonym, '', profile);
    return stamp ? { profile, stamp } : this.load(pseudonym);
  }

  /**
   * Applies new orders, batched: one pipelined read and one pipelined compare-and-set for the
   * whole batch; a shopper whose profile moved meanwhile is retried alone. A shopper without a
   * profile in Redis gets one built from PostgreSQL, which already holds these orders.
   */
  async addOrders(updates: ProfileUpdate[]): Promise<void> {
    const byShopper = new Map<string, ProfileOrder[]>();
    for (const u of updates) {
      const list = byShopper.get(u.pseudonym) ?? [];
      list.push({ purchasedAt: u.purchasedAt, skus: u.skus });
      byShopper.set(u.pseudonym, list);
    }
    const pseudonyms = [...byShopper.keys()];
    const current = await this.readMany(pseudonyms);
    const missing = pseudonyms.filter((p) => !current.get(p));
    const rebuilt = await this.repository.ordersOf(missing);
    const writes = pseudonyms.map((p) => {
      const stored = current.get(p);
      const profile = stored ? (byShopper.get(p) ?? []).reduce(applyOrder, stored.profile) : buildProfile(rebuilt.get(p) ?? []);
      return { pseudonym: p, expected: stored?.stamp ?? '', profile };
    });
    const lost = await this.writeMany(writes);
    for (const p of lost) await this.retryOne(p, byShopper.get(p) ?? []);
  }

  /**
   * Rebuilds these shoppers' profiles from PostgreSQL, never overwriting a concurrent update.
   * Returns the shoppers given up on (their profile kept changing under the rebuild).
   */
  async rebuild(pseudonyms: string[]): Promise<string[]> {
    for (let attempt = 0; attempt < CAS_ATTEMPTS && pseudonyms.length > 0; attempt++) {
      const stamps = await this.readStamps(pseudonyms);
      const history = await this.repository.ordersOf(pseudonyms);
      pseudonyms = await this.writeMany(
        pseudonyms.map((p) => ({ pseudonym: p, expected: stamps.get(p) ?? '', profile: buildProfile(history.get(p) ?? []) })),
      );
    }
    if (pseudonyms.length > 0) this.logger.warn(`rebuild gave up on ${pseudonyms.length} busy profiles`);
    return pseudonyms;
  }

  /** Erasure: the habit profile; returns whether there was one. */
  forget(pseudonym: string): Promise<boolean> {
    return this.store.delete(pseudonym);
  }

  private async retryOne(pseudonym: string, orders: ProfileOrder[]): Promise<void> {
    for (let attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
      const stored = await this.store.read(pseudonym);
      if (!stored) {
        await this.load(pseudonym); // built from PostgreSQL, which holds these orders
        return;
      }
      if (await this.store.compareAndSet(pseudonym, stored.stamp, orders.reduce(applyOrder, stored.profile))) return;
    }
    this.logger.warn({ pseudonym }, 'profile update lost after retries; the next rebuild repairs it');
  }

  // One command per shopper, sent together (auto-pipelined): on a Redis Cluster each shopper's keys have their own slot.
  private async readMany(pseudonyms: string[]): Promise<Map<string, StoredProfile | undefined>> {
    const replies = await Promise.all(pseudonyms.map((p) => this.redis.client.mgetBuffer(RedisKeys.profile(p), RedisKeys.profileStamp(p))));
    const out = new Map<string, StoredProfile | undefined>();
    pseudonyms.forEach((p, i) => {
      const [bytes, stamp] = replies[i];
      out.set(p, bytes && stamp ? { profile: decodeProfile(bytes), stamp: stamp.toString() } : undefined);
    });
    return out;
  }

  private async readStamps(pseudonyms: string[]): Promise<Map<string, string>> {
    const stamps = await Promise.all(pseudonyms.map((p) => this.redis.client.get(RedisKeys.profileStamp(p))));
    return new Map(pseudonyms.map((p, i) => [p, stamps[i] ?? '']));
  }

  /** Compare-and-set of each shopper, sent together; returns the shoppers whose stamp moved (to retry). */
  private async writeMany(writes: Array<{ pseudonym: string; expected: string; profile: HabitProfile }>): Promise<string[]> {
    if (writes.length === 0) return [];
    const replies = await Promise.all(
      writes.map((w) =>
        this.redis.client
          .profileCompareAndSet(
            RedisKeys.profile(w.pseudonym),
            RedisKeys.profileStamp(w.pseudonym),
            w.expected,
            encodeProfile(w.profile),
            ProfileStore.newStamp(),
          )
          .then((reply) => [null, reply] as const)
          .catch((error: unknown) => [error, null] as const),
      ),
    );
    return writes.filter((_, i) => replies[i]?.[0] || replies[i]?.[1] !== 1).map((w) => w.pseudonym);
  }
}
