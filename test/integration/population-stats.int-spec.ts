import { randomBytes } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { RedisKeys } from '../../src/infra/redis/redis-keys.js';
import { RedisService } from '../../src/infra/redis/redis.service.js';
import { PurchasesService } from '../../src/modules/purchases/purchases.service.js';
import { decodePopulation } from '../../src/modules/reminders/domain/population-codec.js';
import { PopulationStatsService } from '../../src/modules/reminders/population-stats.service.js';
import { testContext } from '../support/fixtures.js';
import { purchase } from '../support/purchases.js';

describe('population stats (PostgreSQL → Redis → memory)', () => {
  const fixture = testContext();
  let ctx: INestApplicationContext;
  beforeAll(async () => {
    ({ ctx } = await fixture.start());
  }, 60_000);
  afterAll(() => fixture.close());

  it('are built from the stored purchases, stored in Redis and held by the instance', async () => {
    const tag = randomBytes(4).toString('hex');
    const [pasta, sauce, tea] = ['pasta', 'sauce', 'tea'].map((name) => `${name}-${tag}`);
    const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
    const items = (...skus: string[]) => skus.map((sku) => ({ sku, quantity: 1 }));
    const shopper = (...orders: Array<[number, string[]]>) => {
      const customerId = `pop-${randomBytes(6).toString('hex')}`;
      return orders.map(([days, skus]) => purchase({ customerId, purchasedAt: daysAgo(days), items: items(...skus) }));
    };
    const purchases = [...shopper([20, [pasta, sauce]], [10, [pasta, sauce, tea]]), ...shopper([30, [tea]], [16, [tea]])];
    for (const body of purchases) await ctx.get(PurchasesService).record(body);

    const built = await ctx.get(PopulationStatsService).rebuild();
    expect(built.items).toBeGreaterThanOrEqual(3);
    const stored = decodePopulation((await ctx.get(RedisService).client.getBuffer(RedisKeys.populationStats))!);
    const held = ctx.get(PopulationStatsService).current!;
    for (const stats of [stored, held]) {
      const at = (sku: string) => stats.index.get(sku)!;
      expect(stats.cycleDays[at(tea)]).toBe(14); // the one shopper who came back for it
      const neighbours = stats.neighbours.slice(stats.neighbourStart[at(pasta)], stats.neighbourStart[at(pasta) + 1]);
      expect([...neighbours].map((j) => stats.skus[j])).toContain(sauce);
    }
    expect(await ctx.get(PopulationStatsService).refresh()).toBe(true);
  });
});
