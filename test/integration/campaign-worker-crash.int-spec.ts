import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import pg from 'pg';
import { QueueName } from '../../src/infra/queue/queue-names.js';
import { RedisService } from '../../src/infra/redis/redis.service.js';
import { CatalogService } from '../../src/modules/catalog/catalog.service.js';
import { CampaignStatusService } from '../../src/modules/campaigns/campaign-status.service.js';
import { CampaignsService } from '../../src/modules/campaigns/campaigns.service.js';
import type { CreateCampaignDto } from '../../src/modules/campaigns/dto/campaign.dto.js';
import { SuppliersService } from '../../src/modules/suppliers/suppliers.service.js';
import { campaignBody } from '../support/campaigns.js';
import { ensureBuilt, ROOT, WORKER_ENTRY as WORKER } from '../support/processes.js';
import { testContext } from '../support/fixtures.js';
import { seedShoppers } from '../support/shoppers.js';
import { waitFor } from '../support/wait.js';

const SHOPPERS = 4000;

/** SCHED_IDLE in Linux's sched.h; /proc/<pid>/task/<tid>/stat gives each thread's policy (field 41). */
const SCHED_IDLE = 5;
function schedulingPolicies(pid: number): Set<number> {
  return new Set(
    readdirSync(`/proc/${pid}/task`).map((tid) => {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[41 - 3]);
    }),
  );
}

/**
 * A worker process killed with SIGKILL in the middle of a fan-out, then another started: every
 * eligible shopper gets exactly one delivery, the budget is charged once per delivery, and no
 * job is failed for stalling (its lock expires and the new worker takes it over).
 */
describe('campaign fan-out survives a killed worker (separate worker processes)', () => {
  const context = testContext().withEnv({ ROLE: 'api' }).withDatabase();
  let ctx: INestApplicationContext;
  let db: pg.Pool;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    ensureBuilt();
    ({ ctx, db } = await context.start());
  }, 200_000);
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await context.close();
  });

  function startWorker(name: string): ChildProcess {
    const child = spawn(process.execPath, [WORKER], {
      cwd: ROOT,
      env: {
        ...process.env,
        ROLE: 'worker',
        CAMPAIGN_SEND_RATE: '1000',
        CAMPAIGN_CHUNK_SIZE: '50',
        CAMPAIGN_JOB_LOCK_MS: '2000',
        CAMPAIGN_STALLED_INTERVAL_MS: '1000',
        LOG_LEVEL: 'warn',
        LOG_FILE: join(tmpdir(), `panier-${name}-${process.pid}.log`),
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    children.push(child);
    return child;
  }

  const deliveries = async (id: string) =>
    (
      await db.query<{ n: number; distinct: number }>(
        'SELECT count(*)::int AS n, count(DISTINCT pseudonym)::int AS distinct FROM offer_deliveries WHERE campaign_id = $1',
        [id],
      )
    ).rows[0];

  it('delivers to every eligible shopper exactly once after a SIGKILL mid fan-out', async () => {
    const supplier = await ctx.get(SuppliersService).create('Crash Test Brand');
    await ctx.get(CatalogService).upsert([
      { sku: 'crash-offer', name: 'Offer', category: null, brand: null, supplierId: supplier.id, active: true },
      { sku: 'crash-target', name: 'Target', category: null, brand: null, supplierId: null, active: true },
    ]);
    await seedShoppers(db, SHOPPERS, ['crash-target']);
    const body = campaignBody(supplier.id, {
      audience: { include: [{ skus: ['crash-target'] }] },
      offer: { title: 'Crash', body: 'Test', skus: ['crash-offer'], discount: { type: 'amount', value: 100 }, validDays: 3 },
      budget: { totalCents: SHOPPERS * 7, costPerDeliveryCents: 7 },
    }) as unknown as CreateCampaignDto;
    const campaign = await ctx.get(CampaignsService).create(body);
    await ctx.get(CampaignStatusService).apply(campaign.id, 'launch');

    const first = startWorker('worker-a');
    await waitFor(async () => (await deliveries(campaign.id)).n >= 200, 30_000, 20);
    // Every thread of a worker process yields the CPU to the API's (WORKER_SCHED_IDLE, the default).
    if (process.platform === 'linux') expect(schedulingPolicies(first.pid as number)).toEqual(new Set([SCHED_IDLE]));
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    const atKill = (await deliveries(campaign.id)).n;
    expect(atKill).toBeLessThan(SHOPPERS);

    startWorker('worker-b');
    startWorker('worker-c');
    await waitFor(
      async () =>
        (await db.query('SELECT dispatch_completed_at FROM campaigns WHERE id = $1', [campaign.id])).rows[0].dispatch_completed_at,
      60_000,
      200,
    );

    expect(await deliveries(campaign.id)).toEqual({ n: SHOPPERS, distinct: SHOPPERS });
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM campaign_suppressions WHERE campaign_id = $1', [
      campaign.id,
    ]);
    expect(rows[0].n).toBe(0);
    expect(await ctx.get(RedisService).client.hget(`campaign:{${campaign.id}}`, 'spent')).toBe(String(SHOPPERS * 7));
    const queue = ctx.get<Queue>(getQueueToken(QueueName.CampaignDispatch), { strict: false });
    expect(await queue.getFailedCount()).toBe(0);
  }, 120_000);
});
