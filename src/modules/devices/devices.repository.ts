import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../infra/database/prisma.service.js';
import type { Device, DeviceTarget, Platform, PushProviderName } from './domain/device.js';

@Injectable()
export class DevicesRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Registers the token for the shopper: a token already known (same platform) keeps its id and
   * moves to this shopper (and to the provider named now); then only the newest `keep` devices of the shopper are kept.
   */
  async register(
    id: string,
    pseudonym: string,
    platform: Platform,
    provider: PushProviderName,
    token: string,
    keep: number,
  ): Promise<string> {
    return this.prisma.$transaction(async (tx) => {
      // One registration per shopper at a time: two at once could each keep `keep` and leave one too many.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${pseudonym}))`;
      const [row] = await tx.$queryRaw<Array<{ id: string }>>`
        INSERT INTO devices (id, pseudonym, platform, provider, token) VALUES (${id}::uuid, ${pseudonym}::uuid, ${platform}, ${provider}, ${token})
        ON CONFLICT (platform, token) DO UPDATE SET pseudonym = EXCLUDED.pseudonym, provider = EXCLUDED.provider, created_at = now()
        RETURNING id::text AS id`;
      await tx.$executeRaw`
        DELETE FROM devices WHERE pseudonym = ${pseudonym}::uuid AND id NOT IN (
          SELECT id FROM devices WHERE pseudonym = ${pseudonym}::uuid ORDER BY created_at DESC, id LIMIT ${keep})`;
      return row.id;
    });
  }

  /** Returns whether the shopper had that device. */
  async remove(pseudonym: string, id: string): Promise<boolean> {
    const { count } = await this.prisma.device.deleteMany({ where: { id, pseudonym } });
    return count === 1;
  }

  async list(pseudonym: string): Promise<Device[]> {
    const rows = await this.prisma.device.findMany({
      where: { pseudonym },
      orderBy: { createdAt: 'asc' },
      select: { id: true, platform: true, provider: true, createdAt: true },
    });
    return rows.map((r) => ({
      id: r.id,
      platform: r.platform as Platform,
      provider: r.provider as PushProviderName,
      createdAt: r.createdAt,
    }));
  }

  /** The shopper's devices with their tokens, for the push sender only. */
  async targetsOf(pseudonym: string): Promise<DeviceTarget[]> {
    const rows = await this.prisma.device.findMany({
      where: { pseudonym },
      orderBy: { createdAt: 'asc' },
      select: { id: true, platform: true, provider: true, token: true },
    });
    return rows.map((r) => ({ id: r.id, platform: r.platform as Platform, provider: r.provider as PushProviderName, token: r.token }));
  }

  /** Deletes a device whose token a push service declared dead, unless it was registered again with another token meanwhile. */
  async removeDead(id: string, token: string): Promise<boolean> {
    const { count } = await this.prisma.device.deleteMany({ where: { id, token } });
    return count === 1;
  }

  /** Erasure: every device of the shopper; returns how many. */
  async eraseShopper(pseudonym: string): Promise<number> {
    const { count } = await this.prisma.device.deleteMany({ where: { pseudonym } });
    return count;
  }
}
