import { randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import { CartTriggerIndex } from '../../src/modules/offers/cart-trigger.index.js';
import { campaignBodyOffering, launchCampaign } from '../support/campaigns.js';
import { emitAck, sleep } from '../support/cart-client.js';
import { socketsClosedAfterEach, testApp } from '../support/fixtures.js';
import { apiShopper } from '../support/shoppers.js';
import { connectCartWithState } from '../support/sockets.js';
import type { RoleKeys } from '../support/staff.js';
import type { TestApp } from '../support/test-app.js';
import { waitFor } from '../support/wait.js';

/** The skus of a `cart:review` answer. */
const reviewSkus = async (socket: Socket): Promise<string[]> =>
  (((await emitAck(socket, 'cart:review', {})) as { reminders?: Array<{ sku: string }> }).reminders ?? []).map((r) => r.sku);

/** Public contract: "An inactive product is never reminded or offered" — also when it is deactivated later. */
describe('a product deactivated while shoppers are connected', () => {
  const app = testApp().withRoleKeys().withCampaignProducts();
  let t: TestApp;
  let keys: RoleKeys;
  const open = socketsClosedAfterEach();

  beforeAll(async () => {
    ({ t, keys } = await app.start());
  }, 60_000);
  afterAll(() => app.close());

  const put = (sku: string, active: boolean, supplierId?: string) =>
    t.http
      .put('/v1/products')
      .set('X-Api-Key', keys.ingest)
      .send([{ sku, name: `Product ${sku}`, active, ...(supplierId ? { supplierId } : {}) }])
      .expect(200);
  async function connect(token: string): Promise<Socket> {
    const { socket } = await connectCartWithState(t.url, token);
    open.push(socket);
    return socket;
  }

  it('leaves the reminders of connected devices at once, and comes back when active again', async () => {
    const bread = `ina-bread-${randomUUID().slice(0, 8)}`;
    const milk = `ina-milk-${randomUUID().slice(0, 8)}`;
    await put(bread, true);
    await put(milk, true);
    const shopper = await apiShopper(t, keys.ingest, [[bread, milk], [bread, milk], [bread]], null);
    const socket = await connect(shopper.token);
    const reviewed = () => reviewSkus(socket);
    expect(await reviewed()).toContain(bread);

    await put(bread, false);
    // The same device, the same cart: its remembered ranking must not outlive the change.
    await waitFor(async () => (!(await reviewed()).includes(bread) ? true : undefined), 3000, 20);
    expect(await reviewed()).toContain(milk);
    // A device that connects afterwards does not see it either.
    const other = await connect(shopper.token);
    expect(await reviewSkus(other)).not.toContain(bread);

    await put(bread, true);
    await waitFor(async () => ((await reviewed()).includes(bread) ? true : undefined), 3000, 20);
  });

  it('is not reminded when a purchase brings it into the profile of a connected shopper', async () => {
    const active = `ina-new-${randomUUID().slice(0, 8)}`;
    const inactive = `ina-gone-${randomUUID().slice(0, 8)}`;
    await put(active, true);
    await put(inactive, false);
    const shopper = await apiShopper(t, keys.ingest, [['cmp-tea']], null);
    const socket = await connect(shopper.token);
    expect(await reviewSkus(socket)).not.toContain(active);
    // A store purchase ingested while the device is connected: its profile is read again at the next event.
    await t.http
      .post('/v1/purchases')
      .set('X-Api-Key', keys.ingest)
      .send({
        customerId: shopper.customerId,
        orderId: `ord-${randomUUID()}`,
        purchasedAt: new Date(Date.now() - 86_400_000).toISOString(),
        channel: 'store',
        items: [
          { sku: active, quantity: 1 },
          { sku: inactive, quantity: 1 },
        ],
      })
      .expect(201);
    await waitFor(async () => ((await reviewSkus(socket)).includes(active) ? true : undefined), 3000, 20);
    expect(await reviewSkus(socket)).not.toContain(inactive);
  });

  it('is not offered by a running cart-triggered campaign, which offers again once it is active', async () => {
    const trigger = `ina-trig-${randomUUID().slice(0, 8)}`;
    const offered = `ina-offer-${randomUUID().slice(0, 8)}`;
    await put(trigger, true);
    await put(offered, true, keys.supplierId);
    const shopper = await apiShopper(t, keys.ingest, [[offered]]);
    const id = await launchCampaign(
      t,
      keys.marketer,
      campaignBodyOffering(keys.supplierId, [offered], {
        trigger: 'cart',
        cartSkus: [trigger],
        audience: { include: [{ skus: [offered] }] },
      }),
    );
    await t.app.get(CartTriggerIndex).refresh();
    const socket = await connect(shopper.token);
    const offers: Array<{ campaignId: string }> = [];
    socket.on('offer', (o: { campaignId: string }) => offers.push(o));
    // This instance learns the product (active) first, through the connected cart.
    await emitAck(socket, 'cart:add', { sku: offered });

    await put(offered, false);
    await sleep(200);
    for (let i = 0; i < 3; i++) {
      expect(await emitAck(socket, 'cart:add', { sku: trigger })).toMatchObject({ ok: true });
      expect(await emitAck(socket, 'cart:remove', { sku: trigger })).toMatchObject({ ok: true });
    }
    await sleep(300);
    expect(offers).toEqual([]);

    await put(offered, true);
    await waitFor(
      async () => {
        await emitAck(socket, 'cart:add', { sku: trigger });
        await emitAck(socket, 'cart:remove', { sku: trigger });
        return offers.length > 0 ? true : undefined;
      },
      5000,
      50,
    );
    expect(offers).toEqual([expect.objectContaining({ campaignId: id })]);

    // Delivered, then its product deactivated: out of the inbox while it is inactive.
    const inbox = async () =>
      ((await t.http.get('/v1/me/offers').set('Authorization', `Bearer ${shopper.token}`).expect(200)).body.offers as unknown[]).length;
    await waitFor(async () => ((await inbox()) === 1 ? true : undefined));
    await put(offered, false);
    expect(await inbox()).toBe(0);
    await put(offered, true);
    expect(await inbox()).toBe(1);
  });

  it('cannot be launched in a campaign once deactivated after the campaign was created', async () => {
    const offered = `ina-draft-${randomUUID().slice(0, 8)}`;
    await put(offered, true, keys.supplierId);
    const { body } = await t.http
      .post('/v1/campaigns')
      .set('X-Api-Key', keys.marketer)
      .send(campaignBodyOffering(keys.supplierId, [offered]))
      .expect(201);
    await put(offered, false);
    const refused = await t.http
      .post(`/v1/campaigns/${body.id as string}/launch`)
      .set('X-Api-Key', keys.marketer)
      .expect(409);
    expect(refused.body).toMatchObject({ code: 'CONFLICT' });
    expect(refused.body.message).toContain(offered);
    expect(
      (
        await t.http
          .get(`/v1/campaigns/${body.id as string}`)
          .set('X-Api-Key', keys.marketer)
          .expect(200)
      ).body.status,
    ).toBe('draft');
  });
});
