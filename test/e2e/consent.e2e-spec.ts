import { createRoleKeys } from '../support/staff.js';
import { newCustomerId } from '../support/customers.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { shopperToken } from '../support/tokens.js';

describe('consent ledger over HTTP', () => {
  let t: TestApp;
  let privacyKey: string;

  beforeAll(async () => {
    t = await startTestApp();
    privacyKey = (await createRoleKeys(t)).privacy;
  });
  afterAll(() => t.close());

  it('shows each purpose with its basis default before any choice', async () => {
    const token = await shopperToken();
    const res = await t.http.get('/v1/me/consents').set('Authorization', `Bearer ${token}`).expect(200);
    expect(res.body).toEqual({
      consents: {
        personalization: { granted: true, basis: 'legitimate_interest', source: 'default', updatedAt: null },
        supplier_insights: { granted: true, basis: 'legitimate_interest', source: 'default', updatedAt: null },
        targeted_offers: { granted: false, basis: 'consent', source: 'default', updatedAt: null },
        push_marketing: { granted: false, basis: 'consent', source: 'default', updatedAt: null },
      },
    });
  });

  it('applies a PUT at once and keeps the whole history for the privacy officer', async () => {
    const customerId = newCustomerId();
    const auth = `Bearer ${await shopperToken({ sub: customerId })}`;
    const put = await t.http
      .put('/v1/me/consents')
      .set('Authorization', auth)
      .send({ targeted_offers: true, personalization: false, source: 'app', noticeVersion: '2026-11' })
      .expect(200);
    expect(put.body.consents.targeted_offers).toMatchObject({ granted: true, basis: 'consent', source: 'app' });
    expect(put.body.consents.personalization).toMatchObject({ granted: false, source: 'app' });
    expect(Date.parse(put.body.consents.targeted_offers.updatedAt)).not.toBeNaN();
    expect(put.body.consents.push_marketing).toMatchObject({ granted: false, source: 'default', updatedAt: null });

    await t.http.put('/v1/me/consents').set('Authorization', auth).send({ targeted_offers: false, source: 'web' }).expect(200);
    const get = await t.http.get('/v1/me/consents').set('Authorization', auth).expect(200);
    expect(get.body.consents.targeted_offers).toMatchObject({ granted: false, source: 'web' });
    expect(get.body.consents.personalization.granted).toBe(false);

    // The same customer id with surrounding space is the same shopper.
    const history = await t.http
      .post('/v1/privacy/consent-history')
      .set('X-Api-Key', privacyKey)
      .send({ customerId: `  ${customerId} ` })
      .expect(200);
    expect(history.body.history).toEqual([
      expect.objectContaining({ purpose: 'personalization', granted: false, basis: 'legitimate_interest', source: 'app', noticeVersion: '2026-11', actor: 'shopper' }),
      expect.objectContaining({ purpose: 'targeted_offers', granted: true, basis: 'consent', source: 'app', noticeVersion: '2026-11' }),
      expect.objectContaining({ purpose: 'targeted_offers', granted: false, source: 'web', noticeVersion: '1' }),
    ]);
    for (const entry of history.body.history) expect(Date.parse(entry.at)).not.toBeNaN();
  });

  it('refuses a bad consent body whole and records nothing', async () => {
    const customerId = newCustomerId();
    const auth = `Bearer ${await shopperToken({ sub: customerId })}`;
    const res = await t.http
      .put('/v1/me/consents')
      .set('Authorization', auth)
      .send({ targeted_offers: true, push_marketing: 'yes', personalization: null, marketing_email: true })
      .expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    expect(res.body.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'push_marketing' }),
        expect.objectContaining({ field: 'personalization' }),
        { field: 'marketing_email', message: 'unknown field' },
      ]),
    );
    const history = await t.http.post('/v1/privacy/consent-history').set('X-Api-Key', privacyKey).send({ customerId }).expect(200);
    expect(history.body.history).toEqual([]);
    const get = await t.http.get('/v1/me/consents').set('Authorization', auth).expect(200);
    expect(get.body.consents.targeted_offers.granted).toBe(false);
  });
});
