import { emitAck } from '../support/cart-client.js';
import { CUSTOMER_ID_PATTERN } from '../support/customers.js';
import { testApp } from '../support/fixtures.js';
import { givePurchaseHistory } from '../support/history.js';
import { connectCartWithState } from '../support/sockets.js';
import type { RoleKeys } from '../support/staff.js';
import type { TestApp } from '../support/test-app.js';
import { shopperToken } from '../support/tokens.js';

describe('what is held about a shopper', () => {
  const app = testApp().withRoleKeys();
  let t: TestApp;
  let keys: RoleKeys;

  beforeAll(async () => {
    ({ t, keys } = await app.start());
  });
  afterAll(() => app.close());

  it('returns consents, history, purchases, cart and profile to the shopper, and the same plus the pseudonym on export', async () => {
    const customerId = await givePurchaseHistory(t, keys.ingest, [
      ['oj', 'milk'],
      ['oj', 'bread'],
    ]);
    const auth = `Bearer ${await shopperToken({ sub: customerId })}`;
    await t.http.put('/v1/me/consents').set('Authorization', auth).send({ targeted_offers: true, source: 'web' }).expect(200);
    const { socket } = await connectCartWithState(t.url, await shopperToken({ sub: customerId }));
    await emitAck(socket, 'cart:add', { sku: 'tea', quantity: 2 });
    await emitAck(socket, 'reminder:dismiss', { sku: 'milk' });
    socket.close();

    const mine = await t.http.get('/v1/me/data').set('Authorization', auth).expect(200);
    expect(mine.body.consents.targeted_offers).toMatchObject({ granted: true, source: 'web' });
    expect(mine.body.consentHistory).toEqual([expect.objectContaining({ purpose: 'targeted_offers', granted: true })]);
    expect(mine.body.purchases).toHaveLength(2);
    expect(mine.body.purchases[0]).toMatchObject({
      orderId: expect.stringMatching(/-h1$/),
      channel: 'store',
      items: [expect.objectContaining({ sku: 'bread', quantity: 1 }), expect.objectContaining({ sku: 'oj' })],
    });
    expect(mine.body.cart).toMatchObject({ items: [{ sku: 'tea', quantity: 2 }], version: 1 });
    expect(mine.body.profile.orders).toBe(2);
    expect(mine.body.profile.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ sku: 'oj', timesBought: 2, typicalIntervalDays: 7 })]),
    );
    expect(mine.body.dismissedReminders).toEqual([expect.objectContaining({ sku: 'milk' })]);
    expect(mine.body).toMatchObject({ deliveries: [], devices: [] });
    expect(JSON.stringify(mine.body)).not.toContain(customerId);

    const exported = await t.http.post('/v1/privacy/export').set('X-Api-Key', keys.privacy).send({ customerId }).expect(200);
    expect(exported.body.pseudonym).toMatch(/^[0-9a-f-]{36}$/);
    const { pseudonym, ...document } = exported.body;
    expect(document).toEqual(mine.body);
    const audit = await t.http.get('/v1/privacy/audit').set('X-Api-Key', keys.privacy).expect(200);
    expect(audit.body.events[0]).toMatchObject({ kind: 'export', pseudonym });

    const back = await t.http
      .post('/v1/privacy/reidentify')
      .set('X-Api-Key', keys.privacy)
      .send({ pseudonym, reason: 'access request follow-up' })
      .expect(200);
    expect(back.body.customerId).toBe(customerId);
  });

  it('answers 404 for an export of an unknown customer', async () => {
    const res = await t.http
      .post('/v1/privacy/export')
      .set('X-Api-Key', keys.privacy)
      .send({ customerId: 'cust-ffffffffffffffff' })
      .expect(404);
    expect(res.body.code).toBe('NOT_FOUND');
    expect(res.body.message).not.toMatch(CUSTOMER_ID_PATTERN);
  });
});
