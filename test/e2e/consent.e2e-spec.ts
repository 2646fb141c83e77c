import { newCustomerId } from '../support/customers.js';
import { testApp } from '../support/fixtures.js';
import type { TestApp } from '../support/test-app.js';
import { shopperToken } from '../support/tokens.js';

describe('consent ledger over HTTP', () => {
  const app = testApp().withRoleKeys();
  let t: TestApp;
  let privacyKey: string;

  beforeAll(async () => {
    ({
      t,
      keys: { privacy: privacyKey },
    } = await app.start());
  });
  afterAll(() => app.close());

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
    // Newest first, as every list of the contract.
    expect(history.body.history).toEqual([
      expect.objectContaining({ purpose: 'targeted_offers', granted: false, source: 'web', noticeVersion: '1' }),
      expect.objectContaining({ purpose: 'targeted_offers', granted: true, basis: 'consent', source: 'app', noticeVersion: '2026-11' }),
      expect.objectContaining({
        purpose: 'personalization',
        granted: false,
        basis: 'legitimate_interest',
        source: 'app',
        noticeVersion: '2026-11',
        actor: 'shopper',
      }),
    ]);
    expect(history.body.nextCursor).toBeNull();
    for (const entry of history.body.history) expect(Date.parse(entry.at)).not.toBeNaN();
  });

  it('pages the consent history newest first with ?limit= and ?cursor=', async () => {
    const customerId = newCustomerId();
    const auth = `Bearer ${await shopperToken({ sub: customerId })}`;
    for (const granted of [true, false, true, false, true]) {
      await t.http
        .put('/v1/me/consents')
        .set('Authorization', auth)
        .send({ push_marketing: granted, source: `s${String(granted)}` })
        .expect(200);
    }
    const page = (query: string) => t.http.post(`/v1/privacy/consent-history${query}`).set('X-Api-Key', privacyKey).send({ customerId });
    const first = await page('?limit=2').expect(200);
    expect(first.body.history.map((e: { granted: boolean }) => e.granted)).toEqual([true, false]);
    expect(typeof first.body.nextCursor).toBe('string');
    const second = await page(`?limit=2&cursor=${encodeURIComponent(first.body.nextCursor as string)}`).expect(200);
    expect(second.body.history.map((e: { granted: boolean }) => e.granted)).toEqual([true, false]);
    const last = await page(`?limit=2&cursor=${encodeURIComponent(second.body.nextCursor as string)}`).expect(200);
    expect(last.body).toEqual({ history: [expect.objectContaining({ purpose: 'push_marketing', granted: true })], nextCursor: null });
    const whole = await page('').expect(200);
    expect(whole.body.history).toEqual([...first.body.history, ...second.body.history, ...last.body.history]);
    // Bad paging is a 400 naming the parameter; the customer id stays in the body.
    expect((await page('?limit=0').expect(400)).body.details).toEqual([expect.objectContaining({ field: 'limit' })]);
    expect((await page('?limit=501').expect(400)).body.details).toEqual([expect.objectContaining({ field: 'limit' })]);
    expect((await page('?cursor=not-ours').expect(400)).body.details).toEqual([expect.objectContaining({ field: 'cursor' })]);
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
    expect(history.body).toEqual({ history: [], nextCursor: null });
    const get = await t.http.get('/v1/me/consents').set('Authorization', auth).expect(200);
    expect(get.body.consents.targeted_offers.granted).toBe(false);
  });
});
