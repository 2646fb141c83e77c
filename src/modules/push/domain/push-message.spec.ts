import { gatewayBody, MAX_PUSH_MESSAGE_BYTES, toPushMessage, webPushPayload } from './push-message.js';
import { initialPushStatus, refundsCharge } from './push-status.js';

const offer = {
  deliveryId: '5d3c9a1e-0000-5000-8000-000000000001',
  campaignId: '0b7e4f7a-0000-4000-8000-000000000002',
  supplierName: 'Test Brand',
  title: '20% off our roast',
  body: 'This week only',
  skus: ['cmp-coffee', 'cmp-tea'],
  discount: { type: 'percent' as const, value: 20 },
  expiresAt: new Date('2026-12-06T10:00:00.123Z'),
};

describe('push messages', () => {
  it("carries the offer's words, and where it leads as flat strings", () => {
    expect(toPushMessage(offer)).toEqual({
      title: '20% off our roast',
      body: 'This week only',
      data: {
        type: 'offer',
        deliveryId: offer.deliveryId,
        campaignId: offer.campaignId,
        supplier: 'Test Brand',
        skus: 'cmp-coffee,cmp-tea',
        skuCount: '2',
        discount: 'percent:20',
        expiresAt: '2026-12-06T10:00:00.123Z',
      },
    });
  });

  it('stays within what push services accept: skus that fit, then a shortened body', () => {
    const skus = Array.from({ length: 500 }, (_, i) => `sku-${String(i).padStart(5, '0')}`);
    const body = '€'.repeat(1000); // 3,000 bytes of UTF-8, the longest a campaign body is in characters
    const message = toPushMessage({ ...offer, skus, body, title: 'é'.repeat(120) });
    expect(Buffer.byteLength(JSON.stringify(message))).toBeLessThanOrEqual(MAX_PUSH_MESSAGE_BYTES);
    expect(Buffer.byteLength(JSON.stringify(message))).toBeGreaterThan(MAX_PUSH_MESSAGE_BYTES - 10);
    expect(message.data.skuCount).toBe('500');
    expect(skus.join(',').startsWith(message.data.skus)).toBe(true);
    expect(message.data.skus.split(',').every((s) => skus.includes(s))).toBe(true);
    expect(message.body.endsWith('€…')).toBe(true);
    expect(message.title).toBe('é'.repeat(120));
    // A short offer is left whole.
    expect(toPushMessage(offer).body).toBe(offer.body);
  });

  it('gives the gateway { platform, token, title, body, data } and the browser { title, body, data }', () => {
    const message = toPushMessage(offer);
    expect(JSON.parse(gatewayBody('ios', 'tok-1', message))).toEqual({
      platform: 'ios',
      token: 'tok-1',
      title: message.title,
      body: message.body,
      data: message.data,
    });
    expect(JSON.parse(webPushPayload(message))).toEqual({ title: message.title, body: message.body, data: message.data });
  });

  it('starts a push pending only when push is asked for and configured', () => {
    expect(initialPushStatus(false, true)).toBeNull();
    expect(initialPushStatus(true, false)).toBe('unavailable');
    expect(initialPushStatus(true, true)).toBe('pending');
  });

  it('gives back the charge of a push-only delivery that reached no device, never of one shown', () => {
    for (const status of [
      'no_device',
      'no_consent',
      'failed',
      'expired',
      'cancelled',
      'inactive_product',
      'dismissed',
      'unavailable',
    ] as const)
      expect(refundsCharge('push', status)).toBe(true);
    expect(refundsCharge('push', 'sent')).toBe(false);
    expect(refundsCharge('push', 'pending')).toBe(false);
    // In the inbox (and the offer event) whatever became of the push: shown, charged.
    expect(refundsCharge('in_app', 'no_device')).toBe(false);
    expect(refundsCharge('in_app', null)).toBe(false);
  });
});
