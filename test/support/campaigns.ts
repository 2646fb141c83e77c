import { randomUUID } from 'node:crypto';
import type { TestApp } from './test-app.js';

const DAY = 86_400_000;

/** A campaign body that passes validation; override what the test is about. */
export function campaignBody(supplierId: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: `Campaign ${randomUUID().slice(0, 8)}`,
    supplierId,
    offer: {
      title: '20% off our roast',
      body: 'This week only',
      skus: ['cmp-coffee'],
      discount: { type: 'percent', value: 20 },
      validDays: 7,
    },
    audience: { include: [{ categories: ['cmp-hot-drinks'], withinDays: 90 }], exclude: [] },
    trigger: 'broadcast',
    channels: ['in_app'],
    startsAt: new Date(Date.now() - 60_000).toISOString(),
    endsAt: new Date(Date.now() + 30 * DAY).toISOString(),
    budget: { totalCents: 1_000_000, costPerDeliveryCents: 10 },
    ...over,
  };
}

/** campaignBody whose offer names these skus (the rest of the offer as campaignBody has it). */
export function campaignBodyOffering(supplierId: string, skus: string[], over: Record<string, unknown> = {}): Record<string, unknown> {
  const body = campaignBody(supplierId, over);
  return { ...body, offer: { ...(body.offer as object), skus } };
}

/** Creates the campaign as the marketer and launches it; its id. */
export async function launchCampaign(t: TestApp, marketerKey: string, body: Record<string, unknown>): Promise<string> {
  const { body: created } = await t.http.post('/v1/campaigns').set('X-Api-Key', marketerKey).send(body).expect(201);
  await t.http
    .post(`/v1/campaigns/${created.id as string}/launch`)
    .set('X-Api-Key', marketerKey)
    .expect(200);
  return created.id as string;
}

/** The catalog the campaign tests target, bound to the supplier. */
export async function putCampaignProducts(t: TestApp, ingestKey: string, supplierId: string): Promise<void> {
  await t.http
    .put('/v1/products')
    .set('X-Api-Key', ingestKey)
    .send([
      { sku: 'cmp-coffee', name: 'Roast coffee', category: 'cmp-hot-drinks', brand: 'cmp-brand', supplierId },
      { sku: 'cmp-tea', name: 'Green tea', category: 'cmp-hot-drinks', brand: 'cmp-other' },
      { sku: 'cmp-cookies', name: 'Cookies', category: 'cmp-biscuits', brand: 'cmp-brand', supplierId },
      { sku: 'cmp-old', name: 'Old coffee', category: 'cmp-hot-drinks', active: false },
    ])
    .expect(200);
}

/** A product only the calling test's shoppers buy (`<prefix>-<random>`), so audiences do not overlap between tests. */
export async function putFreshSku(t: TestApp, ingestKey: string, prefix: string): Promise<string> {
  const sku = `${prefix}-${randomUUID().slice(0, 8)}`;
  await t.http
    .put('/v1/products')
    .set('X-Api-Key', ingestKey)
    .send([{ sku, name: 'Target' }])
    .expect(200);
  return sku;
}
