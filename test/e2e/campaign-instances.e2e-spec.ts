import pg from 'pg';
import type { Socket } from 'socket.io-client';
import { campaignBody, putCampaignProducts, putFreshSku } from '../support/campaigns.js';
import { sleep } from '../support/cart-client.js';
import { testDatabase } from '../support/database.js';
import { withEnv } from '../support/env.js';
import { socketsClosedAfterEach } from '../support/fixtures.js';
import { apiShopper, seedShoppers } from '../support/shoppers.js';
import { connectCartWithState, nextEvent } from '../support/sockets.js';
import { createRoleKeys, type RoleKeys } from '../support/staff.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { waitFor } from '../support/wait.js';

/**
 * Two instances of the service on one PostgreSQL and Redis: `api` runs no workers and answers a
 * launch at once (CAMPAIGN_LAUNCH_WAIT_MS=0); `worker` runs the launch, fan-out and timer
 * workers. Broadcast offers reach a shopper on whichever instance their devices are connected to.
 */
describe('campaigns across instances: offer relay and the launch job', () => {
  let api: TestApp;
  let worker: TestApp | undefined;
  let keys: RoleKeys;
  let db: pg.Pool;
  const open = socketsClosedAfterEach();

  beforeAll(async () => {
    const restore = withEnv({ ROLE: 'api', CAMPAIGN_LAUNCH_WAIT_MS: '0' });
    try {
      api = await startTestApp();
    } finally {
      restore();
    }
    keys = await createRoleKeys(api);
    db = testDatabase();
    await putCampaignProducts(api, keys.ingest, keys.supplierId);
  }, 60_000);
  afterAll(async () => {
    await db.end();
    await worker?.close();
    await api.close();
  });

  async function startWorker(): Promise<void> {
    if (worker) return;
    const restore = withEnv({ CAMPAIGN_SEND_RATE: '0', CAMPAIGN_CHUNK_SIZE: '50' });
    try {
      worker = await startTestApp();
    } finally {
      restore();
    }
  }
  const freshSku = () => putFreshSku(api, keys.ingest, 'i');
  const create = async (sku: string) =>
    (
      await api.http
        .post('/v1/campaigns')
        .set('X-Api-Key', keys.marketer)
        .send(campaignBody(keys.supplierId, { audience: { include: [{ skus: [sku] }] } }))
        .expect(201)
    ).body.id as string;
  const act = (id: string, action: string) => api.http.post(`/v1/campaigns/${id}/${action}`).set('X-Api-Key', keys.marketer).expect(200);
  const campaign = async (id: string) =>
    (await api.http.get(`/v1/campaigns/${id}`).set('X-Api-Key', keys.marketer).expect(200)).body as Record<string, unknown>;
  const stats = async (id: string) =>
    (await api.http.get(`/v1/campaigns/${id}/stats`).set('X-Api-Key', keys.marketer).expect(200)).body as {
      audience: number;
      queued: number;
      delivered: { in_app: number };
      dispatchCompletedAt: string | null;
    };
  const deliveries = async (id: string) =>
    (
      await db.query<{ n: number; dupes: number }>(
        'SELECT count(*)::int AS n, (count(*) - count(DISTINCT pseudonym))::int AS dupes FROM offer_deliveries WHERE campaign_id = $1',
        [id],
      )
    ).rows[0];

  it('answers a launch before the audience is fixed; a campaign cancelled meanwhile sends nothing', async () => {
    const sku = await freshSku();
    await seedShoppers(db, 40, [sku]);
    const id = await create(sku);
    const launched = (await act(id, 'launch')).body as Record<string, unknown>;
    expect(launched).toMatchObject({ status: 'running', audienceFixedAt: null, dispatchCompletedAt: null });
    expect(launched.launchedAt).not.toBeNull();
    expect((await act(id, 'cancel')).body).toMatchObject({ status: 'cancelled' });
    await startWorker();
    await sleep(1000);
    expect(await deliveries(id)).toEqual({ n: 0, dupes: 0 });
    expect(await stats(id)).toMatchObject({ audience: 0, queued: 0 });
  });

  it('keeps a campaign paused before its audience was fixed paused, and sends to everyone once resumed', async () => {
    const sku = await freshSku();
    await seedShoppers(db, 120, [sku]);
    const id = await create(sku);
    await act(id, 'launch');
    await act(id, 'pause');
    await startWorker();
    const fixed = await waitFor(async () => ((await campaign(id)).audienceFixedAt ? campaign(id) : undefined));
    expect(fixed.status).toBe('paused');
    await sleep(500);
    expect(await deliveries(id)).toEqual({ n: 0, dupes: 0 });
    expect(await stats(id)).toMatchObject({ audience: 120, queued: 120 });
    await act(id, 'resume');
    const done = await waitFor(async () => {
      const s = await stats(id);
      return s.dispatchCompletedAt ? s : undefined;
    });
    expect(done).toMatchObject({ audience: 120, queued: 0, delivered: { in_app: 120 } });
    expect(await deliveries(id)).toEqual({ n: 120, dupes: 0 });
  });

  it('delivers the offer event once to every device of a shopper, on whichever instance each is connected to', async () => {
    await startWorker();
    const sku = await freshSku();
    const shopper = await apiShopper(api, keys.ingest, [[sku]]);
    const other = await apiShopper(api, keys.ingest, [[sku]]);
    const phone = (await connectCartWithState(api.url, shopper.token)).socket;
    const laptop = (await connectCartWithState((worker as TestApp).url, shopper.token)).socket;
    const elsewhere = (await connectCartWithState(api.url, other.token)).socket;
    open.push(phone, laptop, elsewhere);
    const received = new Map<Socket, Array<Record<string, unknown>>>([phone, laptop, elsewhere].map((s) => [s, []]));
    for (const [socket, events] of received) socket.on('offer', (payload: Record<string, unknown>) => events.push(payload));
    const first = nextEvent<Record<string, unknown>>(phone, 'offer', 10_000);
    const id = await create(sku);
    await act(id, 'launch');
    const offer = await first;
    await waitFor(async () => [...received.values()].every((events) => events.length > 0), 10_000, 20);
    await sleep(500); // any duplicate would have arrived by now
    expect(received.get(phone)).toEqual([offer]);
    expect(received.get(laptop)).toEqual([offer]);
    expect(received.get(elsewhere)).toHaveLength(1);
    expect(received.get(elsewhere)?.[0]).toMatchObject({ campaignId: id });
    expect(received.get(elsewhere)?.[0].deliveryId).not.toBe(offer.deliveryId);
    const inbox = await api.http.get('/v1/me/offers').set('Authorization', `Bearer ${shopper.token}`).expect(200);
    expect(inbox.body.offers).toEqual([offer]);
  });
});
