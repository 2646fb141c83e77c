import { RedisService } from '../../src/infra/redis/redis.service.js';
import { RedisKeys } from '../../src/infra/redis/redis-keys.js';
import { IdentityService } from '../../src/modules/identity/identity.service.js';
import { CartTriggerIndex } from '../../src/modules/offers/cart-trigger.index.js';
import { campaignBody, launchCampaign, putFreshSku } from '../support/campaigns.js';
import { emitAck } from '../support/cart-client.js';
import { socketsClosedAfterEach, testApp } from '../support/fixtures.js';
import { apiShopper } from '../support/shoppers.js';
import { connectCartWithState, nextEvent } from '../support/sockets.js';
import type { RoleKeys } from '../support/staff.js';
import type { TestApp } from '../support/test-app.js';
import { waitFor } from '../support/wait.js';

interface Proofed {
  deliveryId: string;
  campaignId: string;
  channel: string;
  deliveredAt: string;
  consentProof: { ledgerPosition: number | null; purposes: string[] };
}
interface LedgerEntry {
  purpose: string;
  granted: boolean;
  at: string;
  position: number | null;
}

/**
 * A proof for every send: each delivery keeps the consent ledger position its decision read, and
 * the ledger shows that position granting what the decision checked, and no later change before
 * the delivery.
 */
describe('consent proof of deliveries', () => {
  const app = testApp().withEnv({ CAMPAIGN_SEND_RATE: '0' }).withRoleKeys().withCampaignProducts();
  let t: TestApp;
  let keys: RoleKeys;
  const open = socketsClosedAfterEach();

  beforeAll(async () => {
    ({ t, keys } = await app.start());
  }, 60_000);
  afterAll(() => app.close());

  async function broadcast(sku: string): Promise<string> {
    const id = await launchCampaign(t, keys.marketer, campaignBody(keys.supplierId, { audience: { include: [{ skus: [sku] }] } }));
    // The fan-out is over when the campaign has decided its whole audience.
    await waitFor(async () => {
      const stats = (await t.http.get(`/v1/campaigns/${id}/stats`).set('X-Api-Key', keys.marketer).expect(200)).body as {
        queued: number;
        dispatchCompletedAt: string | null;
      };
      return stats.dispatchCompletedAt && stats.queued === 0 ? true : undefined;
    }, 20_000);
    return id;
  }

  it('records, per delivery, the ledger position the decision read, across a withdrawal and a re-grant', async () => {
    const sku = await putFreshSku(t, keys.ingest, 'proof');
    const shopper = await apiShopper(t, keys.ingest, [[sku, 'cmp-tea']]); // targeted_offers granted
    const auth = `Bearer ${shopper.token}`;
    const consents = (body: Record<string, boolean>) => t.http.put('/v1/me/consents').set('Authorization', auth).send(body).expect(200);

    const first = await broadcast(sku); // granted: delivered
    await consents({ targeted_offers: false });
    const withdrawn = await broadcast(sku); // withdrawn: not delivered
    await consents({ targeted_offers: true });
    await consents({ personalization: false }); // a later change of another purpose
    // The Redis copy lost: the fan-out decides on PostgreSQL's state, and keeps its position too.
    const { pseudonym } = await t.app.get(IdentityService).subjectOf(shopper.customerId);
    await t.app.get(RedisService).client.del(RedisKeys.consent(pseudonym as string));
    const regranted = await broadcast(sku);
    // A cart-triggered offer, decided on the live path (the cart reads the consent into Redis).
    const cartCampaign = await launchCampaign(
      t,
      keys.marketer,
      campaignBody(keys.supplierId, { trigger: 'cart', cartSkus: ['cmp-cookies'], audience: { include: [{ skus: [sku] }] } }),
    );
    await t.app.get(CartTriggerIndex).refresh();
    const { socket } = await connectCartWithState<unknown>(t.url, shopper.token);
    open.push(socket);
    const offer = nextEvent<{ deliveryId: string }>(socket, 'offer', 5000);
    await emitAck(socket, 'cart:add', { sku: 'cmp-cookies' });
    const { deliveryId: cartDelivery } = await offer;

    const deliveries = await waitFor(async () => {
      const list = (await t.http.get('/v1/me/data').set('Authorization', auth).expect(200)).body.deliveries as Proofed[];
      return list.length === 3 ? list : undefined;
    });
    expect(deliveries.map((d) => d.campaignId).sort()).toEqual([first, regranted, cartCampaign].sort());
    expect(deliveries.some((d) => d.campaignId === withdrawn)).toBe(false);

    const ledger = (
      await t.http
        .post('/v1/privacy/consent-history?limit=500')
        .set('X-Api-Key', keys.privacy)
        .send({ customerId: shopper.customerId })
        .expect(200)
    ).body.history as LedgerEntry[];
    // Positions 1 (grant), 2 (withdrawal), 3 (re-grant), 4 (personalization).
    expect(ledger.map((e) => [e.position, e.purpose, e.granted])).toEqual([
      [4, 'personalization', false],
      [3, 'targeted_offers', true],
      [2, 'targeted_offers', false],
      [1, 'targeted_offers', true],
    ]);
    const expected: Record<string, number> = { [first]: 1, [regranted]: 4, [cartCampaign]: 4 };
    for (const d of deliveries) {
      expect({ campaign: d.campaignId, proof: d.consentProof }).toEqual({
        campaign: d.campaignId,
        proof: { ledgerPosition: expected[d.campaignId], purposes: ['targeted_offers'] },
      });
      // Against the ledger: at that position every purpose checked is granted, and no change came
      // between that position and the delivery.
      const upTo = ledger.filter((e) => (e.position ?? 0) <= (d.consentProof.ledgerPosition ?? 0));
      for (const purpose of d.consentProof.purposes) expect(upTo.find((e) => e.purpose === purpose)?.granted).toBe(true);
      const next = ledger.find((e) => e.position === (d.consentProof.ledgerPosition ?? 0) + 1);
      if (next) expect(Date.parse(next.at)).toBeGreaterThan(Date.parse(d.deliveredAt));
    }
    expect(deliveries.find((d) => d.deliveryId === cartDelivery)?.consentProof.ledgerPosition).toBe(4);

    // The export shows the same proofs.
    const exported = (
      await t.http.post('/v1/privacy/export').set('X-Api-Key', keys.privacy).send({ customerId: shopper.customerId }).expect(200)
    ).body.deliveries as Proofed[];
    expect(exported.map((d) => d.consentProof)).toEqual(deliveries.map((d) => d.consentProof));
  }, 60_000);
});
