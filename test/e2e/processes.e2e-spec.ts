import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import request from 'supertest';
import { emitAck } from '../support/cart-client.js';
import { campaignBodyOffering } from '../support/campaigns.js';
import { API_ENTRY, ensureBuilt, freePort, spawnPanier, waitReady, WORKER_ENTRY } from '../support/processes.js';
import { apiShopper } from '../support/shoppers.js';
import { connectCartWithState, eventWhere, nextEvent } from '../support/sockets.js';
import type { TestApp } from '../support/test-app.js';

interface CartState {
  cart: { items: Array<{ sku: string; quantity: number }>; version: number };
}

/** The service as it is deployed: what a test needs of one API process (HTTP at `url`). */
function apiAt(url: string): TestApp {
  return { url, http: request(url), adminKey: process.env.ADMIN_API_KEY as string } as unknown as TestApp;
}

/**
 * Two API processes and one worker process (real OS processes, `npm start` with ROLE=api and
 * `npm run start:worker`) on the same PostgreSQL and Redis: one cart across instances, a
 * campaign launched through one reaching a device on the other, and an instance killed.
 */
describe('separate API and worker processes', () => {
  const children: ChildProcess[] = [];
  const sockets: Socket[] = [];
  let a: TestApp;
  let b: TestApp;
  let a1: ChildProcess;
  let ingestKey: string;
  let supplierId: string;

  beforeAll(async () => {
    ensureBuilt();
    const [portA, portB] = [await freePort(), await freePort()];
    a1 = spawnPanier(API_ENTRY, 'api-a', { ROLE: 'api', PORT: String(portA), HOST: '127.0.0.1', CAMPAIGN_CART_REFRESH_MS: '200' });
    const b1 = spawnPanier(API_ENTRY, 'api-b', { ROLE: 'api', PORT: String(portB), HOST: '127.0.0.1', CAMPAIGN_CART_REFRESH_MS: '200' });
    const worker = spawnPanier(WORKER_ENTRY, 'worker', { CAMPAIGN_SEND_RATE: '0', CAMPAIGN_CHUNK_SIZE: '50' });
    children.push(a1, b1, worker);
    a = apiAt(`http://127.0.0.1:${portA}`);
    b = apiAt(`http://127.0.0.1:${portB}`);
    await Promise.all([waitReady(a.url), waitReady(b.url)]);
    const supplier = await b.http.post('/v1/suppliers').set('X-Api-Key', b.adminKey).send({ name: 'Process Brand' }).expect(201);
    supplierId = supplier.body.id as string;
    const ingest = await b.http.post('/v1/api-keys').set('X-Api-Key', b.adminKey).send({ name: 'ingest', role: 'ingest' }).expect(201);
    ingestKey = ingest.body.key as string;
  }, 120_000);

  afterAll(() => {
    for (const socket of sockets) socket.close();
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  });

  const connect = async (api: TestApp, token: string): Promise<{ socket: Socket; first: CartState }> => {
    const connected = await connectCartWithState<CartState>(api.url, token);
    sockets.push(connected.socket);
    return connected;
  };

  it('keeps one cart across instances, delivers a campaign launched through the other, and survives a SIGKILL', async () => {
    const target = `proc-target-${randomUUID().slice(0, 8)}`;
    const offered = `proc-offer-${randomUUID().slice(0, 8)}`;
    await b.http
      .put('/v1/products')
      .set('X-Api-Key', ingestKey)
      .send([
        { sku: target, name: 'Target' },
        { sku: offered, name: 'Offered', supplierId },
      ])
      .expect(200);
    const shopper = await apiShopper(b, ingestKey, [[target]]);

    // One device on each instance: both see every change, whichever instance made it.
    const onA = await connect(a, shopper.token);
    const onB = await connect(b, shopper.token);
    const seenOnB = nextEvent<CartState>(onB.socket, 'cart:state');
    expect(await emitAck(onA.socket, 'cart:add', { sku: target, quantity: 2 })).toMatchObject({ ok: true, cart: { version: 1 } });
    expect((await seenOnB).cart).toMatchObject({ version: 1, items: [{ sku: target, quantity: 2 }] });
    const seenOnA = eventWhere<CartState>(onA.socket, 'cart:state', (state) => state.cart.version === 2);
    expect(await emitAck(onB.socket, 'cart:add', { sku: offered })).toMatchObject({ ok: true, cart: { version: 2 } });
    expect((await seenOnA).cart.version).toBe(2);

    // A campaign launched through B is decided by the worker and reaches the device on A live.
    const offerOnA = nextEvent<{ campaignId: string; deliveryId: string }>(onA.socket, 'offer', 20_000);
    const body = campaignBodyOffering(supplierId, [offered], { audience: { include: [{ skus: [target] }], exclude: [] } });
    const created = await b.http.post('/v1/campaigns').set('X-Api-Key', b.adminKey).send(body).expect(201);
    await b.http
      .post(`/v1/campaigns/${created.body.id as string}/launch`)
      .set('X-Api-Key', b.adminKey)
      .expect(200);
    const offer = await offerOnA;
    expect(offer.campaignId).toBe(created.body.id);
    const inbox = await b.http.get('/v1/me/offers').set('Authorization', `Bearer ${shopper.token}`).expect(200);
    expect((inbox.body as { offers: Array<{ deliveryId: string }> }).offers.map((o) => o.deliveryId)).toContain(offer.deliveryId);

    // A dies without a word; its device reconnects to B and finds every acknowledged change.
    a1.kill('SIGKILL');
    await new Promise((resolve) => a1.once('exit', resolve));
    const back = await connect(b, shopper.token);
    expect(back.first.cart).toMatchObject({
      version: 2,
      items: [
        { sku: target, quantity: 2 },
        { sku: offered, quantity: 1 },
      ],
    });

    // Fan-out goes on: a second campaign launched through B reaches the reconnected device.
    const second = nextEvent<{ campaignId: string }>(back.socket, 'offer', 20_000);
    const again = await b.http
      .post('/v1/campaigns')
      .set('X-Api-Key', b.adminKey)
      .send(campaignBodyOffering(supplierId, [offered], { audience: { include: [{ skus: [target] }], exclude: [] } }))
      .expect(201);
    await b.http
      .post(`/v1/campaigns/${again.body.id as string}/launch`)
      .set('X-Api-Key', b.adminKey)
      .expect(200);
    expect((await second).campaignId).toBe(again.body.id);
  }, 90_000);
});
