import { randomUUID } from 'node:crypto';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import pg from 'pg';
import webpush from 'web-push';
import type { RedisClient } from '../../src/infra/redis/redis-connections.js';
import { QueueName } from '../../src/infra/queue/queue-names.js';
import { RedisService } from '../../src/infra/redis/redis.service.js';
import { DevicesService } from '../../src/modules/devices/devices.service.js';
import { CartTriggerIndex } from '../../src/modules/offers/cart-trigger.index.js';
import { PushService } from '../../src/modules/push/push.service.js';
import { PushProcessor } from '../../src/modules/push/push.processor.js';
import { campaignBody, campaignBodyOffering, putFreshSku } from '../support/campaigns.js';
import { emitAck, sleep } from '../support/cart-client.js';
import { testApp } from '../support/fixtures.js';
import { FakeGateway, FakeWebPushService, pushToken, TEST_GATEWAY_SECRET } from '../support/push-services.js';
import { apiShopper } from '../support/shoppers.js';
import { connectCartWithState, nextEvent } from '../support/sockets.js';
import { RedisKeys } from '../../src/infra/redis/redis-keys.js';
import type { RoleKeys } from '../support/staff.js';
import type { TestApp } from '../support/test-app.js';
import { waitFor } from '../support/wait.js';
import { testRedis } from '../support/redis.js';

type Stats = {
  audience: number;
  queued: number;
  delivered: { in_app: number; push: number };
  suppressed: { frequencyCap: number };
  failed: number;
  spentCents: number;
  dispatchCompletedAt: string | null;
};
const GATEWAY_SECRET = TEST_GATEWAY_SECRET;

/**
 * Push offers end to end: the service with both providers configured, a real local gateway
 * (node:http) and a real local Web Push service (https, certificate made by openssl for the run,
 * trusted through PUSH_CA_FILE); messages sent to browsers are decrypted as a browser would.
 */
describe('push delivery of campaign offers', () => {
  const app = testApp().withRoleKeys().withDatabase().withCampaignProducts();
  let t: TestApp;
  let keys: RoleKeys;
  let db: pg.Pool;
  let gateway: FakeGateway;
  let browserPush: FakeWebPushService;
  let vapid: { publicKey: string; privateKey: string };
  /** BullMQ's keys, read as they are (no key prefix of the app's own connection). */
  let bullRedis: RedisClient;

  beforeAll(async () => {
    gateway = await FakeGateway.start();
    browserPush = await FakeWebPushService.start();
    vapid = webpush.generateVAPIDKeys();
    app.withEnv({
      CAMPAIGN_SEND_RATE: '0',
      CAMPAIGN_CHUNK_SIZE: '50',
      PUSH_GATEWAY_URL: gateway.url,
      PUSH_GATEWAY_SECRET: GATEWAY_SECRET,
      PUSH_VAPID_PUBLIC_KEY: vapid.publicKey,
      PUSH_VAPID_PRIVATE_KEY: vapid.privateKey,
      PUSH_VAPID_SUBJECT: 'mailto:push-test@example.com',
      PUSH_CA_FILE: browserPush.caFile,
      // The stand-in push service listens on 127.0.0.1: named here as the browsers' services are by default.
      PUSH_WEB_ENDPOINT_HOSTS: '127.0.0.1',
      PUSH_BACKOFF_MS: '300',
      PUSH_ATTEMPTS: '4',
    });
    ({ t, keys, db } = await app.start());
    bullRedis = testRedis();
  }, 60_000);
  afterAll(async () => {
    bullRedis.disconnect();
    await app.close();
    await gateway.close();
    await browserPush.close();
  });

  it('serves the VAPID public key to web apps, without credentials', async () => {
    const res = await t.http.get('/v1/push/web/vapid-public-key').expect(200);
    expect(res.body).toEqual({ publicKey: vapid.publicKey });
  });

  const freshSku = () => putFreshSku(t, keys.ingest, 'p');
  const pushShopper = (sku: string, consent: Record<string, boolean> = { targeted_offers: true, push_marketing: true }) =>
    apiShopper(t, keys.ingest, [[sku]], consent);
  async function registerDevice(token: string, platform: string, device: unknown): Promise<string> {
    const { body } = await t.http
      .post('/v1/me/devices')
      .set('Authorization', `Bearer ${token}`)
      // Native devices go through the retailer's gateway here (APNs and FCM: push-providers.e2e-spec.ts).
      .send({ platform, token: device, ...(platform === 'web' ? {} : { provider: 'gateway' }) })
      .expect(201);
    return body.id as string;
  }
  async function launch(sku: string, channels: string[]): Promise<string> {
    const { body } = await t.http
      .post('/v1/campaigns')
      .set('X-Api-Key', keys.marketer)
      .send(campaignBody(keys.supplierId, { audience: { include: [{ skus: [sku] }] }, channels }))
      .expect(201);
    await t.http.post(`/v1/campaigns/${body.id}/launch`).set('X-Api-Key', keys.marketer).expect(200);
    return body.id as string;
  }
  const stats = async (id: string) =>
    (await t.http.get(`/v1/campaigns/${id}/stats`).set('X-Api-Key', keys.marketer).expect(200)).body as Stats;
  async function pushStatuses(campaignId: string): Promise<Array<string | null>> {
    const { rows } = await db.query<{ push_status: string | null }>(
      'SELECT push_status FROM offer_deliveries WHERE campaign_id = $1 ORDER BY push_status',
      [campaignId],
    );
    return rows.map((r) => r.push_status);
  }
  /** Waits until every delivery of the campaign has a final push status, and returns them. */
  const settled = (campaignId: string, n: number, timeoutMs = 15_000) =>
    waitFor(async () => {
      const statuses = await pushStatuses(campaignId);
      return statuses.length === n && !statuses.includes('pending') ? statuses : undefined;
    }, timeoutMs);
  const deviceExists = async (id: string) => (await db.query('SELECT 1 FROM devices WHERE id = $1', [id])).rowCount === 1;

  it("reaches the shopper's phone and browser once each through their providers, with the offer's content, even when enqueued again", async () => {
    const sku = await freshSku();
    const shopper = await pushShopper(sku);
    const phoneToken = pushToken('apns');
    await registerDevice(shopper.token, 'ios', phoneToken);
    const browser = browserPush.subscribe();
    await registerDevice(shopper.token, 'web', browser.json);
    const id = await launch(sku, ['in_app', 'push']);
    expect(await settled(id, 1)).toEqual(['sent']);
    const [offer] = (await t.http.get('/v1/me/offers').set('Authorization', `Bearer ${shopper.token}`).expect(200)).body.offers as Array<
      Record<string, string>
    >;
    expect(offer.campaignId).toBe(id);
    const data = {
      type: 'offer',
      deliveryId: offer.deliveryId,
      campaignId: id,
      supplier: 'Test Brand',
      skus: 'cmp-coffee',
      skuCount: '1',
      discount: 'percent:20',
      expiresAt: offer.expiresAt,
    };

    const [native] = gateway.requestsFor(phoneToken);
    expect(native.headers.authorization).toBe(`Bearer ${GATEWAY_SECRET}`);
    expect(native.json).toEqual({ platform: 'ios', token: phoneToken, title: '20% off our roast', body: 'This week only', data });

    const [web] = browserPush.requestsTo(browser.path);
    expect(web.headers['content-encoding']).toBe('aes128gcm');
    expect(web.headers.authorization).toMatch(new RegExp(`^vapid t=[\\w-]+\\.[\\w-]+\\.[\\w-]+, k=${vapid.publicKey}$`));
    expect(JSON.parse(browser.decrypt(web.body))).toEqual({ title: '20% off our roast', body: 'This week only', data });

    // Enqueued again (its job is not kept once done): the settled status stops it.
    const queue = t.app.get<Queue>(getQueueToken(QueueName.Push), { strict: false });
    expect(await queue.getJob(`push-${offer.deliveryId}`)).toBeUndefined();
    const stored = await db.query<{ p: string }>('SELECT pseudonym::text AS p FROM offer_deliveries WHERE id = $1', [offer.deliveryId]);
    await t.app.get(PushService).enqueue([{ campaignId: id, pseudonym: stored.rows[0].p, deliveryId: offer.deliveryId }]);
    await waitFor(async () => !(await queue.getJob(`push-${offer.deliveryId}`))); // done, and not kept
    await sleep(700); // longer than a retry's backoff: nothing more comes
    expect(gateway.requestsFor(phoneToken)).toHaveLength(1);
    expect(browserPush.requestsTo(browser.path)).toHaveLength(1);
    expect(await stats(id)).toMatchObject({ audience: 1, delivered: { in_app: 1, push: 1 }, failed: 0, spentCents: 10 });
    const mine = (await t.http.get('/v1/me/data').set('Authorization', `Bearer ${shopper.token}`).expect(200)).body.deliveries as unknown[];
    expect(mine).toEqual([
      {
        deliveryId: offer.deliveryId,
        campaignId: id,
        channel: 'in_app',
        deliveredAt: offer.deliveredAt,
        pushStatus: 'sent',
        consentProof: { ledgerPosition: expect.any(Number) as unknown, purposes: ['targeted_offers'] },
      },
    ]);
    const metrics = (await t.http.get('/metrics').expect(200)).text;
    expect(metrics).toMatch(/panier_push_attempts_total\{provider="gateway",result="sent"\} [1-9]/);
    expect(metrics).toMatch(/panier_push_attempts_total\{provider="webpush",result="sent"\} [1-9]/);
    expect(metrics).toMatch(/panier_push_deliveries_total\{status="sent"\} [1-9]/);
  });

  it('deletes a device whose token is dead (410 from the gateway, 404 from a push service) and never tries it again', async () => {
    const sku = await freshSku();
    const shopper = await pushShopper(sku);
    const deadToken = pushToken('fcm');
    gateway.script(deadToken, { status: 410 });
    const phone = await registerDevice(shopper.token, 'android', deadToken);
    const browser = browserPush.subscribe();
    browserPush.script(browser.path, { status: 404 });
    const laptop = await registerDevice(shopper.token, 'web', browser.json);
    const first = await launch(sku, ['in_app', 'push']);
    // Every device dead: the shopper has none left. The offer was in the inbox all the same: charged.
    expect(await settled(first, 1)).toEqual(['no_device']);
    expect(await deviceExists(phone)).toBe(false);
    expect(await deviceExists(laptop)).toBe(false);
    expect(await stats(first)).toMatchObject({ delivered: { in_app: 1, push: 0 }, failed: 0, spentCents: 10 });

    const second = await launch(sku, ['in_app', 'push']);
    expect(await settled(second, 1)).toEqual(['no_device']);
    expect(gateway.requestsFor(deadToken)).toHaveLength(1);
    expect(browserPush.requestsTo(browser.path)).toHaveLength(1);
    expect((await t.http.get('/metrics').expect(200)).text).toMatch(/panier_push_dead_tokens_total [2-9]/);
  });

  it('retries a 503 (after its Retry-After) and ends sent, without sending twice to a device already reached', async () => {
    const sku = await freshSku();
    const shopper = await pushShopper(sku);
    const flaky = pushToken('apns');
    gateway.script(flaky, { status: 503, retryAfter: '1' }, { status: 200 });
    await registerDevice(shopper.token, 'ios', flaky);
    const steady = pushToken('apns');
    await registerDevice(shopper.token, 'ios', steady);
    const started = Date.now();
    const id = await launch(sku, ['in_app', 'push']);
    expect(await settled(id, 1)).toEqual(['sent']);
    const tries = gateway.requestsFor(flaky);
    expect(tries).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(gateway.requestsFor(steady)).toHaveLength(1);
    expect(await stats(id)).toMatchObject({ delivered: { in_app: 1, push: 1 } });
  });

  it('stops a push still being retried once its offered product is deactivated; a device already reached makes it sent', async () => {
    // One shopper's other device was reached at the first attempt: that push counts as sent.
    const offered = `p-offer-${randomUUID().slice(0, 8)}`;
    const putOffered = (active: boolean) =>
      t.http
        .put('/v1/products')
        .set('X-Api-Key', keys.ingest)
        .send([{ sku: offered, name: 'Offered', supplierId: keys.supplierId, active }])
        .expect(200);
    await putOffered(true);
    const audienceSku = await freshSku();
    const reached = await pushShopper(audienceSku);
    const stubborn = pushToken('fcm');
    gateway.script(stubborn, { status: 503, retryAfter: '2' }, { status: 200 });
    await registerDevice(reached.token, 'android', stubborn);
    const steady = pushToken('fcm');
    await registerDevice(reached.token, 'android', steady);
    const unreached = await pushShopper(audienceSku);
    const lonely = pushToken('fcm');
    gateway.script(lonely, { status: 503, retryAfter: '2' }, { status: 200 });
    await registerDevice(unreached.token, 'android', lonely);
    const { body } = await t.http
      .post('/v1/campaigns')
      .set('X-Api-Key', keys.marketer)
      .send(
        campaignBodyOffering(keys.supplierId, [offered], {
          audience: { include: [{ skus: [audienceSku] }] },
          channels: ['in_app', 'push'],
        }),
      )
      .expect(201);
    await t.http
      .post(`/v1/campaigns/${body.id as string}/launch`)
      .set('X-Api-Key', keys.marketer)
      .expect(200);
    await waitFor(async () => gateway.requestsFor(stubborn).length === 1 && gateway.requestsFor(lonely).length === 1);
    await putOffered(false);
    expect(await settled(body.id as string, 2)).toEqual(['inactive_product', 'sent']);
    for (const token of [stubborn, steady, lonely]) expect(gateway.requestsFor(token)).toHaveLength(1);
  });

  it('takes up a pending push whose job was lost, at the sweep', async () => {
    const sku = await freshSku();
    const shopper = await pushShopper(sku);
    const phone = pushToken('fcm');
    await registerDevice(shopper.token, 'android', phone);
    const id = await launch(sku, ['in_app', 'push']);
    expect(await settled(id, 1)).toEqual(['sent']);
    // As if the process had died between storing the delivery and enqueueing its push (no job left).
    await db.query(`UPDATE offer_deliveries SET push_status = 'pending', delivered_at = now() - interval '1 hour' WHERE campaign_id = $1`, [
      id,
    ]);
    const worker = t.app.get(PushProcessor);
    expect(await worker.sweep(30 * 60_000)).toEqual({ enqueued: 1, settled: 0 });
    expect(await settled(id, 1)).toEqual(['sent']);
    expect(gateway.requestsFor(phone)).toHaveLength(2);
    // Nothing pending any more: the next sweep has nothing to do.
    expect(await worker.sweep(30 * 60_000)).toEqual({ enqueued: 0, settled: 0 });
  });

  it('sweeps every pending push over successive runs, however many wait ahead of a lost one', async () => {
    const sku = await freshSku();
    const shoppers = await Promise.all([0, 1, 2].map(() => pushShopper(sku)));
    for (const s of shoppers) await registerDevice(s.token, 'android', pushToken('fcm'));
    const queue = t.app.get<Queue>(getQueueToken(QueueName.Push), { strict: false });
    await queue.pause();
    try {
      const id = await launch(sku, ['in_app', 'push']);
      const rows = async () =>
        (await db.query<{ id: string }>(`SELECT id::text AS id FROM offer_deliveries WHERE campaign_id = $1 ORDER BY id`, [id])).rows;
      await waitFor(async () => ((await rows()).length === 3 ? true : undefined));
      const [a, b, lost] = await rows();
      await waitFor(async () => (await queue.getJob(`push-${lost.id}`)) !== undefined);
      // Two pushes waiting (think: deferred past quiet hours) ahead of one whose job was lost.
      await queue.remove(`push-${lost.id}`);
      for (const [row, days] of [
        [a, 12],
        [b, 11],
        [lost, 10],
      ] as const) {
        await db.query(`UPDATE offer_deliveries SET delivered_at = now() - make_interval(days => $2) WHERE id = $1::uuid`, [row.id, days]);
      }
      const push = t.app.get(PushService);
      const sweep = () => push.sweep(9 * 24 * 3600_000, async () => undefined, 2);
      expect(await sweep()).toEqual({ enqueued: 0, settled: 0 }); // the two waiting ones
      expect(await sweep()).toEqual({ enqueued: 1, settled: 0 }); // then the lost one
      expect(await queue.getJob(`push-${lost.id}`)).toBeDefined();
      expect(await sweep()).toEqual({ enqueued: 0, settled: 0 }); // from the oldest again
    } finally {
      await queue.resume();
    }
  });

  it('sends nothing when push_marketing is withdrawn before the send, and records it', async () => {
    const sku = await freshSku();
    const shopper = await pushShopper(sku);
    const phoneToken = pushToken('apns');
    await registerDevice(shopper.token, 'ios', phoneToken);
    await t.http.put('/v1/me/consents').set('Authorization', `Bearer ${shopper.token}`).send({ push_marketing: false }).expect(200);
    // In-app + push needs only targeted_offers to be decided: the push itself checks push_marketing.
    const id = await launch(sku, ['in_app', 'push']);
    expect(await settled(id, 1)).toEqual(['no_consent']);
    await sleep(300);
    expect(gateway.requestsFor(phoneToken)).toHaveLength(0);
    expect(await stats(id)).toMatchObject({ delivered: { in_app: 1, push: 0 }, failed: 0 });
  });

  it('gives back the charge and the cap slot of push-only deliveries that reached no device (none registered, or all dead), once', async () => {
    const sku = await freshSku();
    const withDevice = await pushShopper(sku);
    const phoneToken = pushToken('fcm');
    await registerDevice(withDevice.token, 'android', phoneToken);
    const withoutDevice = await pushShopper(sku);
    const withDeadDevices = await pushShopper(sku);
    const deadToken = pushToken('apns');
    gateway.script(deadToken, { status: 410 });
    await registerDevice(withDeadDevices.token, 'ios', deadToken);
    const browser = browserPush.subscribe();
    browserPush.script(browser.path, { status: 404 });
    await registerDevice(withDeadDevices.token, 'web', browser.json);
    const id = await launch(sku, ['push']);
    expect(await settled(id, 3)).toEqual(['no_device', 'no_device', 'sent']);
    expect(gateway.requestsFor(phoneToken)).toHaveLength(1);
    const done = await waitFor(async () => ((await stats(id)).dispatchCompletedAt ? stats(id) : undefined));
    // The supplier pays for the one offer shown; the two others are failed sends, free of charge.
    expect(done).toMatchObject({ audience: 3, queued: 0, delivered: { in_app: 0, push: 1 }, failed: 2, spentCents: 10 });
    const redis = t.app.get(RedisService).client;
    const spent = () => redis.hget(RedisKeys.campaign(id), 'spent');
    await waitFor(async () => (await spent()) === '10');
    // Given back once: the settled jobs enqueued again, and the chunk's pushes taken up again, give nothing more.
    const { rows } = await db.query<{ pseudonym: string; id: string }>(
      `SELECT pseudonym::text, id::text FROM offer_deliveries WHERE campaign_id = $1 AND push_status = 'no_device'`,
      [id],
    );
    await t.app.get(PushService).enqueue(rows.map((r) => ({ campaignId: id, pseudonym: r.pseudonym, deliveryId: r.id })));
    const queue = t.app.get<Queue>(getQueueToken(QueueName.Push), { strict: false });
    await waitFor(async () => (await Promise.all(rows.map((r) => queue.getJob(`push-${r.id}`)))).every((j) => !j));
    expect(await t.app.get(PushService).enqueueChunk(id, 0)).toBe(0);
    expect(await spent()).toBe('10');
    expect(await stats(id)).toMatchObject({ failed: 2, spentCents: 10 });
    // As if a run had died between settling the row and giving the charge back in Redis: its job's retry gives it back.
    const [owed] = rows;
    const offersKey = RedisKeys.offers(owed.pseudonym);
    await redis.zadd(offersKey, -Number(await redis.zscore(offersKey, id)), id);
    await redis.srem(RedisKeys.campaignRefunds(id), owed.id);
    await redis.hincrby(RedisKeys.campaign(id), 'spent', 10);
    await t.app.get(PushService).enqueue([{ campaignId: id, pseudonym: owed.pseudonym, deliveryId: owed.id }]);
    await waitFor(async () => (await spent()) === '10');
    // Their cap slot is free again: a campaign capped at one offer a day reaches them, not the shopper already reached.
    const { body } = await t.http
      .post('/v1/campaigns')
      .set('X-Api-Key', keys.marketer)
      .send(campaignBody(keys.supplierId, { audience: { include: [{ skus: [sku] }] }, frequencyCap: { max: 1, perHours: 24 } }))
      .expect(201);
    await t.http
      .post(`/v1/campaigns/${body.id as string}/launch`)
      .set('X-Api-Key', keys.marketer)
      .expect(200);
    const capped = await waitFor(async () => ((await stats(body.id as string)).dispatchCompletedAt ? stats(body.id as string) : undefined));
    expect(capped).toMatchObject({ audience: 3, delivered: { in_app: 2 }, suppressed: { frequencyCap: 1 }, spentCents: 20 });
    // A push-only offer is in the inbox of the shopper it reached (to open it from the notification), not of the others.
    const inbox = async (token: string) =>
      (await t.http.get('/v1/me/offers').set('Authorization', `Bearer ${token}`).expect(200)).body.offers as Array<{ campaignId: string }>;
    expect((await inbox(withDevice.token)).map((o) => o.campaignId)).toEqual([id]);
    expect((await inbox(withoutDevice.token)).map((o) => o.campaignId)).toEqual([body.id]);
    expect((await inbox(withDeadDevices.token)).map((o) => o.campaignId)).toEqual([body.id]);
  });

  /** `HH:MM` in UTC, `minutes` after the start of the current minute, and that instant. */
  const utcClock = (minutes: number) => {
    const at = Math.floor(Date.now() / 60_000) * 60_000 + minutes * 60_000;
    return { hhmm: new Date(at).toISOString().slice(11, 16), at };
  };
  /** When a delayed push job is due (ms), from the queue's delayed set (score: due time × 4096 + a counter). */
  async function dueOf(deliveryId: string): Promise<number | undefined> {
    const queue = t.app.get<Queue>(getQueueToken(QueueName.Push), { strict: false });
    const score = await bullRedis.zscore(queue.keys.delayed, `push-${deliveryId}`);
    return score === null ? undefined : Math.floor(Number(score) / 4096);
  }
  async function launchQuiet(
    sku: string,
    channels: string[],
    quietHours: { start: string; end: string; timezone: string },
  ): Promise<string> {
    const { body } = await t.http
      .post('/v1/campaigns')
      .set('X-Api-Key', keys.marketer)
      .send(campaignBody(keys.supplierId, { audience: { include: [{ skus: [sku] }] }, channels, quietHours }))
      .expect(201);
    await t.http.post(`/v1/campaigns/${body.id}/launch`).set('X-Api-Key', keys.marketer).expect(200);
    return body.id as string;
  }
  const deliveryOf = async (campaignId: string) =>
    (await db.query<{ id: string }>('SELECT id::text FROM offer_deliveries WHERE campaign_id = $1', [campaignId])).rows[0]?.id;

  it("puts a retry that would fall inside the campaign's quiet hours off to their end, in its time zone", async () => {
    const sku = await freshSku();
    const shopper = await pushShopper(sku);
    const phoneToken = pushToken('apns');
    // Quiet from 1–2 minutes from now for 3 minutes; the gateway asks for 130 s: the retry would fall inside.
    gateway.script(phoneToken, { status: 503, retryAfter: '130' }, { status: 201 });
    await registerDevice(shopper.token, 'ios', phoneToken);
    const start = utcClock(2);
    const end = utcClock(5);
    const id = await launchQuiet(sku, ['in_app', 'push'], { start: start.hhmm, end: end.hhmm, timezone: 'UTC' });
    await waitFor(async () => gateway.requestsFor(phoneToken).length === 1);
    const deliveryId = await deliveryOf(id);
    // The delay is counted from the sender's clock, and BullMQ adds it to its own a moment later.
    const due = await waitFor(() => dueOf(deliveryId));
    expect(due).toBeGreaterThanOrEqual(end.at);
    expect(due).toBeLessThan(end.at + 1000);
    expect(await pushStatuses(id)).toEqual(['pending']);
    // Taken at its time (promoted here rather than waited for): the device left is reached.
    const queue = t.app.get<Queue>(getQueueToken(QueueName.Push), { strict: false });
    await (await queue.getJob(`push-${deliveryId}`))?.promote();
    expect(await settled(id, 1)).toEqual(['sent']);
    expect(gateway.requestsFor(phoneToken)).toHaveLength(2);
  });

  it('ends a push as expired when its retry, put off by the quiet hours, would come after the offer expired', async () => {
    const sku = await freshSku();
    const shopper = await pushShopper(sku);
    const phoneToken = pushToken('fcm');
    gateway.script(phoneToken, { status: 503, retryAfter: '130' }, { status: 201 });
    await registerDevice(shopper.token, 'android', phoneToken);
    const queue = t.app.get<Queue>(getQueueToken(QueueName.Push), { strict: false });
    await queue.pause();
    let id: string;
    try {
      id = await launchQuiet(sku, ['push'], { start: utcClock(2).hhmm, end: utcClock(5).hhmm, timezone: 'UTC' });
      await waitFor(() => deliveryOf(id));
      // The offer expires 3 minutes from now: after the backoff (130 s), before the end of the quiet hours (4–5 minutes).
      await db.query(`UPDATE offer_deliveries SET expires_at = now() + interval '3 minutes' WHERE campaign_id = $1`, [id]);
    } finally {
      await queue.resume();
    }
    expect(await settled(id, 1)).toEqual(['expired']);
    expect(gateway.requestsFor(phoneToken)).toHaveLength(1);
    expect(await dueOf(await deliveryOf(id))).toBeUndefined();
    // Push-only, shown nowhere: not charged either.
    expect(await stats(id)).toMatchObject({ delivered: { in_app: 0, push: 0 }, failed: 1, spentCents: 0 });
  });

  it('puts off an attempt that finds itself inside the quiet hours (a backlog) to their end', async () => {
    const sku = await freshSku();
    const shopper = await pushShopper(sku);
    const phoneToken = pushToken('apns');
    await registerDevice(shopper.token, 'ios', phoneToken);
    const queue = t.app.get<Queue>(getQueueToken(QueueName.Push), { strict: false });
    await queue.pause();
    const end = utcClock(3);
    let id: string;
    try {
      id = await launch(sku, ['in_app', 'push']);
      await waitFor(() => deliveryOf(id));
      // Decided before the quiet hours; its push job waited in the queue until they began.
      await db.query(`UPDATE campaigns SET spec = jsonb_set(spec, '{quietHours}', $2::jsonb) WHERE id = $1`, [
        id,
        JSON.stringify({ start: utcClock(-1).hhmm, end: end.hhmm, timezone: 'UTC' }),
      ]);
    } finally {
      await queue.resume();
    }
    const deliveryId = await deliveryOf(id);
    expect(await waitFor(() => dueOf(deliveryId))).toBe(end.at);
    expect(gateway.requestsFor(phoneToken)).toHaveLength(0);
    const job = await queue.getJob(`push-${deliveryId}`);
    expect(job?.attemptsMade).toBe(0);
    // Taken at its time (the quiet hours lifted and the job promoted here rather than waited for): sent.
    await db.query(`UPDATE campaigns SET spec = spec - 'quietHours' WHERE id = $1`, [id]);
    await job?.promote();
    expect(await settled(id, 1)).toEqual(['sent']);
  });

  it('does not send a queued push once the shopper is erased, and leaves no push job of theirs behind', async () => {
    const sku = await freshSku();
    const shopper = await pushShopper(sku);
    const phoneToken = pushToken('apns');
    gateway.script(phoneToken, { status: 503, retryAfter: '2' }, { status: 201 });
    await registerDevice(shopper.token, 'ios', phoneToken);
    const id = await launch(sku, ['in_app', 'push']);
    await waitFor(async () => gateway.requestsFor(phoneToken).length === 1);
    const {
      rows: [delivery],
    } = await db.query<{ id: string }>('SELECT id::text FROM offer_deliveries WHERE campaign_id = $1', [id]);
    const queue = t.app.get<Queue>(getQueueToken(QueueName.Push), { strict: false });
    expect(await queue.getJob(`push-${delivery.id}`)).toBeDefined();
    const { body } = await t.http.delete('/v1/me').set('Authorization', `Bearer ${shopper.token}`).expect(202);
    await waitFor(async () => {
      const { rows } = await db.query<{ status: string }>('SELECT status FROM erasure_requests WHERE id = $1', [body.requestId]);
      return rows[0]?.status === 'done';
    });
    await sleep(2500); // past the Retry-After
    expect(gateway.requestsFor(phoneToken)).toHaveLength(1);
    expect(await pushStatuses(id)).toEqual([]);
    expect(await queue.getJob(`push-${delivery.id}`)).toBeUndefined();
  });

  it('sends nothing when the shopper asks to be erased while the push job is running, between reading the devices and sending', async () => {
    const sku = await freshSku();
    const shopper = await pushShopper(sku);
    const phoneToken = pushToken('fcm');
    await registerDevice(shopper.token, 'android', phoneToken);
    const erasures = t.app.get<Queue>(getQueueToken(QueueName.Erasure), { strict: false });
    // The erasure is accepted but its job has not run yet: the delivery and the devices are all still there.
    await erasures.pause();
    const devices = t.app.get(DevicesService);
    const targetsOf = devices.targetsOf.bind(devices);
    let requestId: string | undefined;
    devices.targetsOf = async (pseudonym: string) => {
      const targets = await targetsOf(pseudonym);
      devices.targetsOf = targetsOf;
      requestId = (
        (await t.http.delete('/v1/me').set('Authorization', `Bearer ${shopper.token}`).expect(202)).body as { requestId: string }
      ).requestId;
      return targets;
    };
    try {
      const id = await launch(sku, ['in_app', 'push']);
      await waitFor(async () => requestId !== undefined);
      const queue = t.app.get<Queue>(getQueueToken(QueueName.Push), { strict: false });
      const deliveryId = await deliveryOf(id);
      await waitFor(async () => !(await queue.getJob(`push-${deliveryId}`))); // the job is done
      expect(gateway.requestsFor(phoneToken)).toHaveLength(0);
      // Settled, so that no sweep takes it up again while the erasure is open.
      expect(await pushStatuses(id)).toEqual(['cancelled']);
      await erasures.resume();
      await waitFor(
        async () =>
          (await db.query<{ status: string }>('SELECT status FROM erasure_requests WHERE id = $1', [requestId])).rows[0]?.status === 'done',
      );
      expect(await pushStatuses(id)).toEqual([]);
      await sleep(700); // longer than a retry's backoff: nothing more comes
      expect(gateway.requestsFor(phoneToken)).toHaveLength(0);
    } finally {
      devices.targetsOf = targetsOf;
      await erasures.resume();
    }
  });

  it('pushes a cart-triggered offer too when the campaign asks for both, after the socket event and the inbox row', async () => {
    const sku = await freshSku();
    const trigger = await freshSku();
    const shopper = await pushShopper(sku);
    const phoneToken = pushToken('apns');
    await registerDevice(shopper.token, 'ios', phoneToken);
    const { body } = await t.http
      .post('/v1/campaigns')
      .set('X-Api-Key', keys.marketer)
      .send(
        campaignBody(keys.supplierId, {
          trigger: 'cart',
          cartSkus: [trigger],
          audience: { include: [{ skus: [sku] }] },
          channels: ['in_app', 'push'],
          // The shopper is connected (shopping): without this, the in-app offer alone reaches them.
          pushWhenConnected: true,
        }),
      )
      .expect(201);
    await t.http.post(`/v1/campaigns/${body.id}/launch`).set('X-Api-Key', keys.marketer).expect(200);
    await t.app.get(CartTriggerIndex).refresh();
    const { socket } = await connectCartWithState(t.url, shopper.token);
    try {
      const event = nextEvent<{ deliveryId: string }>(socket, 'offer', 5000);
      expect(await emitAck(socket, 'cart:add', { sku: trigger })).toMatchObject({ ok: true });
      const offer = await event;
      expect(await settled(body.id as string, 1)).toEqual(['sent']);
      const [native] = gateway.requestsFor(phoneToken);
      expect(native.json).toMatchObject({
        platform: 'ios',
        token: phoneToken,
        title: '20% off our roast',
        data: { deliveryId: offer.deliveryId, campaignId: body.id },
      });
      expect(await stats(body.id as string)).toMatchObject({ delivered: { in_app: 1, push: 1 } });
    } finally {
      socket.close();
    }
  });
});
