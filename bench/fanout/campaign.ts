import { type BenchApp, call } from './app.js';
import { BENCH_SKUS, scalar } from './seed.js';

/** A broadcast campaign to the seeded shoppers (their category, last 30 days), in-app only, with a budget that never runs out. */
export async function createCampaign(app: BenchApp, supplierId: string, name: string): Promise<string> {
  const campaign = await call<{ id: string }>(app, 'POST', '/v1/campaigns', {
    name,
    supplierId,
    offer: { title: 'Coffee week', body: '20% off', skus: [BENCH_SKUS.offered], discount: { type: 'percent', value: 20 }, validDays: 7 },
    audience: { include: [{ categories: [BENCH_SKUS.category], withinDays: 30 }], exclude: [] },
    trigger: 'broadcast',
    channels: ['in_app'],
    startsAt: new Date(Date.now() - 60_000).toISOString(),
    endsAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    budget: { totalCents: 1_000_000_000, costPerDeliveryCents: 5 },
  });
  return campaign.id;
}

/** Waits for the broadcast to be fully decided; returns when (ms after `started`) its audience was seen fixed. */
export async function waitDispatched(databaseUrl: string, id: string, started: number, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let fixedMs = 0;
  for (;;) {
    const row = await scalar<{ fixed: string | null; done: string | null }>(
      databaseUrl,
      "SELECT json_build_object('fixed', audience_fixed_at, 'done', dispatch_completed_at) FROM campaigns WHERE id = $1",
      [id],
    );
    if (row.fixed && !fixedMs) fixedMs = performance.now() - started;
    if (row.done) return fixedMs;
    if (Date.now() > deadline) throw new Error('fan-out did not finish in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits until the launch job has fixed the campaign's audience (a launch answers before a large one is fixed). */
export async function waitAudienceFixed(databaseUrl: string, id: string): Promise<void> {
  while (!(await scalar<Date | null>(databaseUrl, 'SELECT audience_fixed_at FROM campaigns WHERE id = $1', [id]))) {
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const deliveredCount = (databaseUrl: string, id: string) =>
  scalar<number>(databaseUrl, 'SELECT count(*)::int FROM offer_deliveries WHERE campaign_id = $1', [id]);
