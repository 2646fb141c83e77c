import { gatewayBody, toPushMessage, webPushPayload } from './push-message.js';
import { initialPushStatus } from './push-status.js';

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
      data: { type: 'offer', deliveryId: offer.deliveryId, campaignId: offer.campaignId, supplier: 'Test Brand', skus: 'cmp-coffee,cmp-tea', discount: 'percent:20', expiresAt: '2026-12-06T10:00:00.123Z' },
    });
  });

  it('gives the gateway { platform, token, title, body, data } and the browser { title, body, data }', () => {
    const message = toPushMessage(offer);
    expect(JSON.parse(gatewayBody('ios', 'tok-1', message))).toEqual({ platform: 'ios', token: 'tok-1', title: message.title, body: message.body, data: message.data });
    expect(JSON.parse(webPushPayload(message))).toEqual({ title: message.title, body: message.body, data: message.data });
  });

  it('starts a push pending only when push is asked for and configured', () => {
    expect(initialPushStatus(false, true)).toBeNull();
    expect(initialPushStatus(true, false)).toBe('unavailable');
    expect(initialPushStatus(true, true)).toBe('pending');
  });
});
