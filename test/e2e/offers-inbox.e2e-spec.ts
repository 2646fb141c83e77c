import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { IdentityService } from '../../src/modules/identity/identity.service.js';
import { campaignBody } from '../support/campaigns.js';
import { newCustomerId } from '../support/customers.js';
import { testApp } from '../support/fixtures.js';
import type { RoleKeys } from '../support/staff.js';
import type { TestApp } from '../support/test-app.js';
import { shopperToken } from '../support/tokens.js';

const DAY = 86_400_000;

interface InboxPage {
  offers: Array<{ deliveryId: string; campaignId: string; deliveredAt: string }>;
  nextCursor: string | null;
}

/** GET /v1/me/offers: the inbox as a list of the contract (limit, cursor, nextCursor, newest first). */
describe('GET /v1/me/offers pagination', () => {
  const app = testApp().withRoleKeys().withDatabase().withCampaignProducts();
  let t: TestApp;
  let keys: RoleKeys;
  let db: pg.Pool;

  beforeAll(async () => {
    ({ t, keys, db } = await app.start());
  });
  afterAll(() => app.close());

  /** A draft campaign per delivery (the inbox joins campaigns), and the delivery row as the fan-out stores it. */
  async function deliver(
    pseudonym: string,
    deliveredAt: Date,
    over: { expiresAt?: Date; dismissed?: boolean; id?: string } = {},
  ): Promise<string> {
    const { body } = await t.http.post('/v1/campaigns').set('X-Api-Key', keys.marketer).send(campaignBody(keys.supplierId)).expect(201);
    const id = over.id ?? randomUUID();
    await db.query(
      `INSERT INTO offer_deliveries (campaign_id, pseudonym, id, channel, cost_cents, delivered_at, expires_at, dismissed_at)
       VALUES ($1, $2, $3, 'in_app', 10, $4, $5, $6)`,
      [
        body.id,
        pseudonym,
        id,
        deliveredAt,
        over.expiresAt ?? new Date(deliveredAt.getTime() + 7 * DAY),
        over.dismissed ? new Date() : null,
      ],
    );
    return id;
  }

  async function shopperWithInbox(): Promise<{ auth: string; newestFirst: string[] }> {
    const customerId = newCustomerId();
    const auth = `Bearer ${await shopperToken({ sub: customerId })}`;
    const pseudonym = await t.app.get(IdentityService).resolve(customerId);
    const base = Date.now() - DAY;
    // Two deliveries in the same millisecond: the page boundary falls between them, by id.
    const tied = [randomUUID(), randomUUID()].sort().reverse();
    const ids = [
      await deliver(pseudonym, new Date(base + 3000)),
      await deliver(pseudonym, new Date(base + 2000), { id: tied[0] }),
      await deliver(pseudonym, new Date(base + 2000), { id: tied[1] }),
      await deliver(pseudonym, new Date(base + 1000)),
    ];
    await deliver(pseudonym, new Date(base + 4000), { dismissed: true });
    await deliver(pseudonym, new Date(base - 8 * DAY), { expiresAt: new Date(base - DAY) });
    return { auth, newestFirst: ids };
  }

  const inbox = async (auth: string, query = '') =>
    (await t.http.get(`/v1/me/offers${query}`).set('Authorization', auth).expect(200)).body as InboxPage;

  it('answers { offers, nextCursor }, newest first, still valid and not dismissed', async () => {
    const { auth, newestFirst } = await shopperWithInbox();
    const page = await inbox(auth);
    expect(Object.keys(page).sort()).toEqual(['nextCursor', 'offers']);
    expect(page.offers.map((o) => o.deliveryId)).toEqual(newestFirst);
    expect(page.nextCursor).toBeNull();
  });

  it('pages with ?limit and ?cursor, neither skipping nor repeating offers delivered in the same millisecond', async () => {
    const { auth, newestFirst } = await shopperWithInbox();
    const first = await inbox(auth, '?limit=2');
    expect(first.offers.map((o) => o.deliveryId)).toEqual(newestFirst.slice(0, 2));
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await inbox(auth, `?limit=2&cursor=${encodeURIComponent(first.nextCursor as string)}`);
    expect(second.offers.map((o) => o.deliveryId)).toEqual(newestFirst.slice(2, 4));
    // The last page says so: nothing more to fetch.
    expect(second.nextCursor).toBeNull();
    const single = await inbox(auth, '?limit=3');
    expect(
      (await inbox(auth, `?limit=3&cursor=${encodeURIComponent(single.nextCursor as string)}`)).offers.map((o) => o.deliveryId),
    ).toEqual(newestFirst.slice(3));
  });

  it("never shows another shopper's offers through a cursor", async () => {
    const alice = await shopperWithInbox();
    const bob = await shopperWithInbox();
    const page = await inbox(alice.auth, '?limit=1');
    const next = await inbox(bob.auth, `?limit=10&cursor=${encodeURIComponent(page.nextCursor as string)}`);
    expect(next.offers.every((o) => bob.newestFirst.includes(o.deliveryId))).toBe(true);
  });

  it.each([
    ['?limit=0', 'limit'],
    ['?limit=501', 'limit'],
    ['?limit=ten', 'limit'],
    ['?cursor=not-a-cursor', 'cursor'],
    [`?cursor=${Buffer.from(`${new Date().toISOString()}_not-a-uuid`).toString('base64url')}`, 'cursor'],
    ['?page=2', 'page'],
  ])('refuses %s with 400 naming %s', async (query, field) => {
    const auth = `Bearer ${await shopperToken()}`;
    const res = await t.http.get(`/v1/me/offers${query}`).set('Authorization', auth).expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('accepts the largest page, 500', async () => {
    const auth = `Bearer ${await shopperToken()}`;
    expect(await inbox(auth, '?limit=500')).toEqual({ offers: [], nextCursor: null });
  });
});
