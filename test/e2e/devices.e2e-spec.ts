import { randomUUID } from 'node:crypto';
import pg from 'pg';
import webpush from 'web-push';
import { newCustomerId } from '../support/customers.js';
import { testApp } from '../support/fixtures.js';
import type { TestApp } from '../support/test-app.js';
import { shopperToken } from '../support/tokens.js';
import { apnsToken } from '../support/push-services.js';

const vapid = webpush.generateVAPIDKeys();
const webToken = JSON.stringify({
  endpoint: 'https://fcm.googleapis.com/fcm/send/abc',
  keys: { p256dh: 'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA', auth: 'tBHItJI5svbpez7KI4CCXg' },
});

/** The device registry (POST/DELETE /v1/me/devices) on the real PostgreSQL. */
describe('devices', () => {
  const app = testApp()
    .withPushCredentials()
    .withEnv({
      PUSH_VAPID_PUBLIC_KEY: vapid.publicKey,
      PUSH_VAPID_PRIVATE_KEY: vapid.privateKey,
      PUSH_VAPID_SUBJECT: 'mailto:push@example.com',
    })
    .withDatabase();
  let t: TestApp;
  let db: pg.Pool;

  beforeAll(async () => {
    ({ t, db } = await app.start());
  });
  afterAll(() => app.close());

  const bearer = async (customerId = newCustomerId()) => `Bearer ${await shopperToken({ sub: customerId })}`;
  const devices = async (auth: string) =>
    (
      (await t.http.get('/v1/me/data').set('Authorization', auth).expect(200)).body as {
        devices: Array<{ id: string; platform: string; provider: string; createdAt: string }>;
      }
    ).devices;

  it('registers native and web devices, answers the same id for the same token, lists them, and removes them', async () => {
    const auth = await bearer();
    const phone = await t.http
      .post('/v1/me/devices')
      .set('Authorization', auth)
      .send({ platform: 'ios', provider: 'fcm', token: 'fcm:APA91b-phone-1' })
      .expect(201);
    expect(Object.keys(phone.body)).toEqual(['id']);
    const again = await t.http
      .post('/v1/me/devices')
      .set('Authorization', auth)
      .send({ platform: 'ios', provider: 'fcm', token: 'fcm:APA91b-phone-1' })
      .expect(201);
    expect(again.body.id).toBe(phone.body.id);
    const browser = await t.http.post('/v1/me/devices').set('Authorization', auth).send({ platform: 'web', token: webToken }).expect(201);
    // The same subscription sent as an object, with its fields in another order: the same device.
    const { endpoint, keys } = JSON.parse(webToken) as { endpoint: string; keys: object };
    const asObject = await t.http
      .post('/v1/me/devices')
      .set('Authorization', auth)
      .send({ platform: 'web', token: { keys, expirationTime: null, endpoint } })
      .expect(201);
    expect(asObject.body.id).toBe(browser.body.id);
    const listed = await devices(auth);
    expect(listed.map((d) => [d.id, d.platform])).toEqual([
      [phone.body.id, 'ios'],
      [browser.body.id, 'web'],
    ]);
    // Tokens let a push service reach the device: never returned.
    expect(JSON.stringify(listed)).not.toContain('APA91b');

    await t.http
      .delete(`/v1/me/devices/${phone.body.id as string}`)
      .set('Authorization', auth)
      .expect(204);
    await t.http
      .delete(`/v1/me/devices/${phone.body.id as string}`)
      .set('Authorization', auth)
      .expect(404);
    expect((await devices(auth)).map((d) => d.id)).toEqual([browser.body.id]);
  });

  it('registers an APNs device token by default for ios, one device whatever the case of its hex, and says which provider', async () => {
    const auth = await bearer();
    const token = apnsToken();
    const first = await t.http.post('/v1/me/devices').set('Authorization', auth).send({ platform: 'ios', token }).expect(201);
    const again = await t.http
      .post('/v1/me/devices')
      .set('Authorization', auth)
      .send({ platform: 'ios', provider: 'apns', token: token.toUpperCase() })
      .expect(201);
    expect(again.body.id).toBe(first.body.id);
    const android = await t.http
      .post('/v1/me/devices')
      .set('Authorization', auth)
      .send({ platform: 'android', token: 'dXJ0:APA91b-x' })
      .expect(201);
    const listed = await devices(auth);
    expect(listed.map((d) => [d.id, d.platform, d.provider])).toEqual([
      [first.body.id, 'ios', 'apns'],
      [android.body.id, 'android', 'fcm'],
    ]);
    const { rows } = await db.query<{ token: string }>('SELECT token FROM devices WHERE id = $1', [first.body.id]);
    expect(rows[0].token).toBe(token);
  });

  it("moves a token registered by another account, and never removes another shopper's device", async () => {
    const first = await bearer();
    const second = await bearer();
    const token = `fcm:${randomUUID()}`;
    const a = await t.http.post('/v1/me/devices').set('Authorization', first).send({ platform: 'android', token }).expect(201);
    await t.http
      .delete(`/v1/me/devices/${a.body.id as string}`)
      .set('Authorization', second)
      .expect(404);
    const b = await t.http.post('/v1/me/devices').set('Authorization', second).send({ platform: 'android', token }).expect(201);
    expect(b.body.id).toBe(a.body.id);
    expect(await devices(first)).toEqual([]);
    expect((await devices(second)).map((d) => d.id)).toEqual([a.body.id]);
  });

  it('keeps the newest 20 devices of a shopper', async () => {
    const auth = await bearer();
    const ids: string[] = [];
    for (let i = 0; i < 22; i++)
      ids.push(
        (
          await t.http
            .post('/v1/me/devices')
            .set('Authorization', auth)
            .send({ platform: 'android', token: `tok-${randomUUID()}` })
            .expect(201)
        ).body.id as string,
      );
    const kept = (await devices(auth)).map((d) => d.id);
    expect(kept).toHaveLength(20);
    expect(kept).not.toContain(ids[0]);
    expect(kept).toContain(ids[21]);
  });

  it('refuses bad input with the field at fault and stores nothing', async () => {
    const auth = await bearer();
    const count = async () => Number((await db.query('SELECT count(*) AS n FROM devices')).rows[0].n);
    const before = await count();
    const cases: Array<[object, string]> = [
      [{ platform: 'blackberry', token: 'x' }, 'platform'],
      [{ platform: 'ios' }, 'token'],
      [{ platform: 'ios', token: { an: 'object' } }, 'token'],
      [{ platform: 'android', token: 'x'.repeat(2049) }, 'token'],
      [{ platform: 'ios', token: 'has spaces' }, 'token'],
      [{ platform: 'ios', token: 'fcm:APA91b-not-an-apns-token' }, 'token'],
      [{ platform: 'ios', token: apnsToken().slice(2) }, 'token'],
      [{ platform: 'android', token: 'not/an{fcm}token' }, 'token'],
      [{ platform: 'android', provider: 'apns', token: apnsToken() }, 'provider'],
      [{ platform: 'web', provider: 'fcm', token: webToken }, 'provider'],
      [{ platform: 'ios', provider: 'pigeon', token: apnsToken() }, 'provider'],
      [{ platform: 'web', token: 'not json' }, 'token'],
      [{ platform: 'web', token: JSON.stringify({ endpoint: 'http://insecure.example.com', keys: { p256dh: 'a', auth: 'b' } }) }, 'token'],
    ];
    for (const [body, field] of cases) {
      const res = await t.http.post('/v1/me/devices').set('Authorization', auth).send(body).expect(400);
      expect((res.body.details as Array<{ field: string }>).map((d) => d.field)).toContain(field);
    }
    await t.http.delete('/v1/me/devices/not-a-uuid').set('Authorization', auth).expect(400);
    await t.http.post('/v1/me/devices').send({ platform: 'ios', token: 'x' }).expect(401);
    expect(await count()).toBe(before);
  });
});

/** Without any push provider configured, nothing can reach a device: registration says so rather than storing it. */
describe('devices without push providers', () => {
  const app = testApp().withDatabase();
  let t: TestApp;
  let db: pg.Pool;

  beforeAll(async () => {
    ({ t, db } = await app.start());
  });
  afterAll(() => app.close());

  it('says Web Push is unavailable when no VAPID key is configured', async () => {
    const res = await t.http.get('/v1/push/web/vapid-public-key').expect(409);
    expect(res.body).toMatchObject({ statusCode: 409, code: 'PUSH_PROVIDER_UNAVAILABLE' });
  });

  it('refuses a device whose provider is not configured with 409 PUSH_PROVIDER_UNAVAILABLE, and stores nothing', async () => {
    const auth = `Bearer ${await shopperToken({ sub: newCustomerId() })}`;
    const count = async () => Number((await db.query('SELECT count(*) AS n FROM devices')).rows[0].n);
    const before = await count();
    for (const body of [
      { platform: 'ios', token: apnsToken() },
      { platform: 'ios', provider: 'fcm', token: 'dXJ0:APA91b-x' },
      { platform: 'android', token: 'dXJ0:APA91b-y' },
      { platform: 'android', provider: 'gateway', token: 'gateway-token' },
      { platform: 'web', token: webToken },
    ]) {
      const res = await t.http.post('/v1/me/devices').set('Authorization', auth).send(body).expect(409);
      expect(res.body).toMatchObject({ statusCode: 409, code: 'PUSH_PROVIDER_UNAVAILABLE' });
    }
    expect(await count()).toBe(before);
  });
});
