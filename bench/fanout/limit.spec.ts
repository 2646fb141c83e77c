import { ceilings, fanoutLimit } from './limit.js';

describe('fanoutLimit', () => {
  const idle = { workers: 0.2, postgres: 0.2, redis: 0.1, api: 0, others: 0.1 };

  it('names Redis when its one thread is nearly always busy, however many cores are free', () => {
    expect(fanoutLimit({ ...idle, redis: 0.9 }, 8).limit).toBe('redis');
  });

  it('names PostgreSQL when the cores are full and it used more of them than the workers', () => {
    expect(fanoutLimit({ workers: 0.6, postgres: 0.9, redis: 0.3, api: 0, others: 0.1 }, 2)).toMatchObject({ limit: 'postgres' });
  });

  it('names the machine when the cores are full and the workers used most of them', () => {
    expect(fanoutLimit({ workers: 1.1, postgres: 0.5, redis: 0.3, api: 0, others: 0.1 }, 2).limit).toBe('cpu');
  });

  it('names the neighbours when other work took more of the full cores than the whole fan-out', () => {
    expect(fanoutLimit({ workers: 0.2, postgres: 0.1, redis: 0.05, api: 0.05, others: 1.6 }, 2).limit).toBe('others');
  });

  it('names nothing when cores are left over', () => {
    expect(fanoutLimit(idle, 2).limit).toBe('none');
  });
});

describe('ceilings', () => {
  it('turns the cores each part used into CPU per shopper, and each part into the rate where it runs out', () => {
    const run = (shoppersPerSecond: number, scale: number) => ({
      shoppersPerSecond,
      cores: { workers: 0.8 * scale, postgres: 0.4 * scale, redis: 0.1 * scale, api: 0, others: 0.5 },
    });
    // 10,000 shoppers/s: workers 80 µs, PostgreSQL 40 µs, Redis 10 µs per shopper.
    expect(ceilings([run(10_000, 1), run(5_000, 0.5), run(20_000, 2)], 2)).toEqual({
      usPerShopper: { workers: 80, postgres: 40, redis: 10, api: 0 },
      redisShoppersPerSecond: 100_000,
      postgresShoppersPerSecondPerCore: 25_000,
      machineShoppersPerSecond: 15_384,
      postgresCoresAtRedisCeiling: 4,
    });
  });
});
