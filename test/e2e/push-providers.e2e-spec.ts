import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { Redis } from 'ioredis';
import pg from 'pg';
import { FAKE_APNS_KEY_ID, FAKE_APNS_TEAM_ID, FAKE_APNS_TOPIC, FakeApns } from '../../bench/lib/fake-apns.js';
import { FakeFcm } from '../../bench/lib/fake-fcm.js';
import type { ScriptedAnswer } from '../../bench/lib/fake-tls.js';
import { QueueName } from '../../src/infra/queue/queue-names.js';
import { campaignBody, launchCampaign, putFreshSku } from '../support/campaigns.js';
import { testApp } from '../support/fixtures.js';
import { apnsToken, fcmToken } from '../support/push-services.js';
import { apiShopper } from '../support/shoppers.js';
import { connectCartWithState } from '../support/sockets.js';
import type { RoleKeys } from '../support/staff.js';
import type { TestApp } from '../support/test-app.js';
import { waitFor } from '../support/wait.js';

/**
 * Push through Apple and Google directly, end to end: the service against a local APNs (HTTP/2,
 * TLS, provider JWT verified) and a local FCM with its OAuth token endpoint, both answering as
 * their documentation says (bench/lib/fake-apns.ts, fake-fcm.ts).
 */
describe('push through APNs and FCM', () => {
  const app = testApp().withRoleKeys().withDatabase().withCampaignProducts();
  let t: TestApp;
  let keys: RoleKeys;
  let db: pg.Pool;
  let apns: FakeApns;
  let fcm: FakeFcm;
  let bullRedis: Redis;

  beforeAll(async () => {
    apns = await FakeApns.start();
    fcm = await FakeFcm.start();
    app.withEnv({
      ...apns.env(),
      ...fcm.env(),
      CAMPAIGN_SEND_RATE: '0',
      PUSH_BACKOFF_MS: '200',
      PUSH_ATTEMPTS: '6',
      PUSH_AUTH_FAILURE_PAUSE_MS: '1000',
    });
    ({ t, keys, db } = await app.start());
    bullRedis = new Redis(process.env.REDIS_URL as string);
  }, 60_000);
  afterAll(async () => {
    bullRedis.disconnect();
    await app.close();
    await apns.close();
    await fcm.close();
  });

  const pushQueue = () => t.app.get<Queue>(getQueueToken(QueueName.Push), { strict: false });
  const pushShopper = async () => {
    const sku = await putFreshSku(t, keys.ingest, 'pp');
    return { sku, ...(await apiShopper(t, keys.ingest, [[sku]], { targeted_offers: true, push_marketing: true })) };
  };
  async function registerDevice(token: string, body: Record<string, string>): Promise<string> {
    const res = await t.http.post('/v1/me/devices').set('Authorization', `Bearer ${token}`).send(body).expect(201);
    return res.body.id as string;
  }
  /** A push shopper with one device on a new APNs ('ios') or FCM ('android') token, scripted to answer `answers` first. */
  async function shopperWithDevice(provider: 'apns' | 'fcm', ...answers: ScriptedAnswer[]) {
    const shopper = await pushShopper();
    const token = provider === 'apns' ? apnsToken() : fcmToken();
    if (answers.length > 0) (provider === 'apns' ? apns : fcm).script(token, ...answers);
    const device = await registerDevice(shopper.token, { platform: provider === 'apns' ? 'ios' : 'android', token });
    return { shopper, token, device };
  }
  const launch = (sku: string, over: Record<string, unknown> = {}) =>
    launchCampaign(
      t,
      keys.marketer,
      campaignBody(keys.supplierId, { audience: { include: [{ skus: [sku] }] }, channels: ['in_app', 'push'], ...over }),
    );
  const pushStatuses = async (campaignId: string) =>
    (
      await db.query<{ push_status: string | null }>(
        'SELECT push_status FROM offer_deliveries WHERE campaign_id = $1 ORDER BY push_status',
        [campaignId],
      )
    ).rows.map((r) => r.push_status);
  const settled = (campaignId: string, n = 1) =>
    waitFor(async () => {
      const statuses = await pushStatuses(campaignId);
      return statuses.length === n && !statuses.includes('pending') ? statuses : undefined;
    });
  const deliveryOf = async (campaignId: string) =>
    (
      await db.query<{ id: string; expires_at: Date }>('SELECT id::text, expires_at FROM offer_deliveries WHERE campaign_id = $1', [
        campaignId,
      ])
    ).rows[0];
  const deviceExists = async (id: string) => (await db.query('SELECT 1 FROM devices WHERE id = $1', [id])).rowCount === 1;
  const stats = async (id: string) =>
    (await t.http.get(`/v1/campaigns/${id}/stats`).set('X-Api-Key', keys.marketer).expect(200)).body as object;
  const metrics = async () => (await t.http.get('/metrics').expect(200)).text;

  describe('APNs', () => {
    it('pushes over HTTP/2 with a provider token Apple would accept, the headers set from the offer and its campaign', async () => {
      const { shopper, token } = await shopperWithDevice('apns');
      const id = await launch(shopper.sku);
      expect(await settled(id)).toEqual(['sent']);
      const [request] = apns.requestsFor(token);
      expect(request.status).toBe(200);
      const delivery = await deliveryOf(id);
      expect(request.headers).toMatchObject({
        'apns-topic': FAKE_APNS_TOPIC,
        'apns-push-type': 'alert',
        'apns-priority': '10',
        'apns-expiration': String(Math.floor(delivery.expires_at.getTime() / 1000)),
        'apns-collapse-id': id,
      });
      expect(decodeProtectedHeader(request.jwt)).toEqual({ alg: 'ES256', kid: FAKE_APNS_KEY_ID });
      expect(decodeJwt(request.jwt)).toMatchObject({ iss: FAKE_APNS_TEAM_ID });
      expect(request.payload).toMatchObject({
        aps: { alert: { title: '20% off our roast', body: 'This week only' } },
        type: 'offer',
        campaignId: id,
        deliveryId: delivery.id,
      });
      expect(await stats(id)).toMatchObject({ delivered: { in_app: 1, push: 1 } });
      expect(await metrics()).toMatch(/panier_push_attempts_total\{provider="apns",result="sent"\} [1-9]/);
    });

    it('retries a 503 ServiceUnavailable and reaches the device once', async () => {
      const { shopper, token } = await shopperWithDevice('apns', { status: 503, reason: 'ServiceUnavailable' }, { status: 200 });
      const id = await launch(shopper.sku);
      expect(await settled(id)).toEqual(['sent']);
      expect(apns.requestsFor(token).map((r) => r.status)).toEqual([503, 200]);
      // Every attempt is recorded, not only the final status; the providers not configured here are named.
      expect(await stats(id)).toMatchObject({
        delivered: { push: 1 },
        push: { unavailable: ['webpush', 'gateway'], halted: [], statuses: { sent: 1 }, attempts: { apns: { retry: 1, sent: 1 } } },
      });
      const { rows } = await db.query<{ outcome: string; status_code: number; reason: string | null }>(
        'SELECT outcome, status_code, reason FROM push_attempts WHERE campaign_id = $1 ORDER BY id',
        [id],
      );
      expect(rows).toEqual([
        { outcome: 'retry', status_code: 503, reason: 'ServiceUnavailable' },
        { outcome: 'sent', status_code: 200, reason: null },
      ]);
    });

    it('deletes a device answered 410 Unregistered at once and never tries it again', async () => {
      const { shopper, token, device } = await shopperWithDevice('apns', { status: 410, reason: 'Unregistered' });
      const first = await launch(shopper.sku);
      expect(await settled(first)).toEqual(['no_device']);
      expect(await deviceExists(device)).toBe(false);
      const second = await launch(shopper.sku);
      expect(await settled(second)).toEqual(['no_device']);
      expect(apns.requestsFor(token)).toHaveLength(1);
    });

    it('waits out the Retry-After of a 429 TooManyRequests before trying again', async () => {
      const { shopper, token } = await shopperWithDevice(
        'apns',
        { status: 429, reason: 'TooManyRequests', retryAfter: '2' },
        { status: 200 },
      );
      const id = await launch(shopper.sku);
      expect(await settled(id)).toEqual(['sent']);
      const [refused, accepted] = apns.requestsFor(token);
      expect(accepted.at - refused.at).toBeGreaterThanOrEqual(2000);
    });

    it('signs a new provider token on ExpiredProviderToken and sends the push with it', async () => {
      const { shopper, token } = await shopperWithDevice('apns');
      apns.expireTokens();
      const id = await launch(shopper.sku);
      expect(await settled(id)).toEqual(['sent']);
      const [expired, fresh] = apns.requestsFor(token);
      expect([expired.status, fresh.status]).toEqual([403, 200]);
      expect(fresh.jwt).not.toBe(expired.jwt);
    });

    it('stops APNs sends on InvalidProviderToken without touching the tokens, raises the alert, and goes on once Apple accepts the key', async () => {
      const { shopper, token, device } = await shopperWithDevice('apns');
      apns.revokeKey();
      try {
        const id = await launch(shopper.sku);
        await waitFor(async () => apns.requestsFor(token).length >= 1);
        expect(await metrics()).toMatch(/panier_push_provider_auth_failures_total\{provider="apns"\} 1/);
        expect(await metrics()).toMatch(/panier_push_provider_halted\{provider="apns"\} 1/);
        expect(await deviceExists(device)).toBe(true);
        expect(await pushStatuses(id)).toEqual(['pending']);
        apns.revokeKey(false);
        expect(await settled(id)).toEqual(['sent']);
        expect(apns.requestsFor(token).map((r) => r.status)).toEqual([403, 200]);
        expect(await metrics()).toMatch(/panier_push_provider_halted\{provider="apns"\} 0/);
      } finally {
        apns.revokeKey(false);
      }
    });
  });

  describe('FCM', () => {
    it('sends HTTP v1 messages with a cached OAuth access token: android priority and TTL, the apns block for iOS through FCM', async () => {
      const shopper = await pushShopper();
      const android = fcmToken();
      const iphone = fcmToken();
      await registerDevice(shopper.token, { platform: 'android', token: android });
      await registerDevice(shopper.token, { platform: 'ios', provider: 'fcm', token: iphone });
      const id = await launch(shopper.sku);
      expect(await settled(id)).toEqual(['sent']);
      const delivery = await deliveryOf(id);
      const [toAndroid] = fcm.requestsFor(android);
      const [toIphone] = fcm.requestsFor(iphone);
      expect(toAndroid.status).toBe(200);
      expect(toAndroid.message).toMatchObject({
        notification: { title: '20% off our roast', body: 'This week only' },
        data: { campaignId: id, deliveryId: delivery.id },
        android: { priority: 'high', collapse_key: id },
      });
      const ttl = Number(/^(\d+)s$/.exec((toAndroid.message.android as { ttl: string }).ttl)?.[1]);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual((delivery.expires_at.getTime() - toAndroid.at) / 1000 + 1);
      expect(toIphone.message).toMatchObject({
        apns: {
          headers: { 'apns-expiration': String(Math.floor(delivery.expires_at.getTime() / 1000)), 'apns-collapse-id': id },
          payload: { aps: { alert: { title: '20% off our roast', body: 'This week only' } } },
        },
      });
      expect(toIphone.message).not.toHaveProperty('android');
      // One access token for both sends.
      expect(fcm.issued).toHaveLength(1);
      expect(new Set([toAndroid.bearer, toIphone.bearer])).toEqual(new Set(fcm.issued));
    });

    it('deletes a device answered 404 UNREGISTERED and never tries it again', async () => {
      const { shopper, token, device } = await shopperWithDevice('fcm', { status: 404, reason: 'UNREGISTERED' });
      const first = await launch(shopper.sku);
      expect(await settled(first)).toEqual(['no_device']);
      expect(await deviceExists(device)).toBe(false);
      const second = await launch(shopper.sku);
      expect(await settled(second)).toEqual(['no_device']);
      expect(fcm.requestsFor(token)).toHaveLength(1);
    });

    it('waits out the Retry-After of a 429 QUOTA_EXCEEDED before trying again', async () => {
      const { shopper, token } = await shopperWithDevice(
        'fcm',
        { status: 429, reason: 'QUOTA_EXCEEDED', retryAfter: '2' },
        { status: 200 },
      );
      const id = await launch(shopper.sku);
      expect(await settled(id)).toEqual(['sent']);
      const [refused, accepted] = fcm.requestsFor(token);
      expect(accepted.at - refused.at).toBeGreaterThanOrEqual(2000);
    });

    it('rides out a storm of 5xx that ends, then reaches the device once', async () => {
      const { shopper, token, device } = await shopperWithDevice(
        'fcm',
        { status: 503, reason: 'UNAVAILABLE' },
        { status: 500, reason: 'INTERNAL' },
        { status: 503, reason: 'UNAVAILABLE' },
        { status: 200 },
      );
      const id = await launch(shopper.sku);
      expect(await settled(id)).toEqual(['sent']);
      expect(fcm.requestsFor(token).map((r) => r.status)).toEqual([503, 500, 503, 200]);
      expect(await deviceExists(device)).toBe(true);
    });

    it('asks for a new access token when FCM no longer accepts the cached one', async () => {
      const { shopper, token } = await shopperWithDevice('fcm');
      const before = fcm.issued.length;
      fcm.revokeAccessTokens();
      const id = await launch(shopper.sku);
      expect(await settled(id)).toEqual(['sent']);
      expect(fcm.requestsFor(token).map((r) => r.status)).toEqual([401, 200]);
      expect(fcm.issued).toHaveLength(before + 1);
    });
  });

  describe('when not to push', () => {
    it('sends nothing when push_marketing is withdrawn between the launch and the send', async () => {
      const { shopper, token } = await shopperWithDevice('apns');
      const queue = pushQueue();
      await queue.pause();
      let id: string;
      try {
        id = await launch(shopper.sku);
        await waitFor(async () => (await deliveryOf(id)) !== undefined);
        await t.http.put('/v1/me/consents').set('Authorization', `Bearer ${shopper.token}`).send({ push_marketing: false }).expect(200);
      } finally {
        await queue.resume();
      }
      expect(await settled(id)).toEqual(['no_consent']);
      expect(apns.requestsFor(token)).toHaveLength(0);
    });

    it("holds a push decided before the campaign's quiet hours until their end, without using an attempt", async () => {
      const { shopper, token } = await shopperWithDevice('fcm');
      const minute = (m: number) => Math.floor(Date.now() / 60_000) * 60_000 + m * 60_000;
      const hhmm = (at: number) => new Date(at).toISOString().slice(11, 16);
      const end = minute(3);
      const queue = pushQueue();
      await queue.pause();
      let id: string;
      try {
        id = await launch(shopper.sku);
        await waitFor(async () => (await deliveryOf(id)) !== undefined);
        // Decided before the quiet hours began; its push job waited in the queue until they had.
        await db.query(`UPDATE campaigns SET spec = jsonb_set(spec, '{quietHours}', $2::jsonb) WHERE id = $1`, [
          id,
          JSON.stringify({ start: hhmm(minute(-1)), end: hhmm(end), timezone: 'UTC' }),
        ]);
      } finally {
        await queue.resume();
      }
      const { id: deliveryId } = await deliveryOf(id);
      const score = await waitFor(async () => (await bullRedis.zscore(queue.keys.delayed, `push-${deliveryId}`)) ?? undefined);
      expect(Math.floor(Number(score) / 4096)).toBe(end);
      expect(fcm.requestsFor(token)).toHaveLength(0);
      expect((await queue.getJob(`push-${deliveryId}`))?.attemptsMade).toBe(0);
      expect(await pushStatuses(id)).toEqual(['pending']);
      // At the end of the window (promoted here rather than waited for, the window lifted): sent.
      await db.query(`UPDATE campaigns SET spec = spec - 'quietHours' WHERE id = $1`, [id]);
      await (await queue.getJob(`push-${deliveryId}`))?.promote();
      expect(await settled(id)).toEqual(['sent']);
      expect(fcm.requestsFor(token)).toHaveLength(1);
    });

    it('gives a connected shopper the in-app offer and no push, unless the campaign asks for both', async () => {
      const { shopper, token } = await shopperWithDevice('apns');
      const { socket } = await connectCartWithState(t.url, shopper.token);
      try {
        const inAppOnly = await launch(shopper.sku);
        expect(await settled(inAppOnly)).toEqual(['connected']);
        expect(apns.requestsFor(token)).toHaveLength(0);
        expect(await stats(inAppOnly)).toMatchObject({ delivered: { in_app: 1, push: 0 }, failed: 0 });
        const both = await launch(shopper.sku, { pushWhenConnected: true });
        expect(await settled(both)).toEqual(['sent']);
        expect(apns.requestsFor(token)).toHaveLength(1);
      } finally {
        socket.close();
      }
    });
  });
});
