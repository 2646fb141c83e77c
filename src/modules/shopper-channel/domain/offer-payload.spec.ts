import { randomUUID } from 'node:crypto';
import { deliveryIdOf, expiresAtOf, toOfferPayload } from './offer-payload.js';

describe('offer', () => {
  it('gives a shopper one stable delivery id per campaign', () => {
    const c = randomUUID();
    const p = randomUUID();
    expect(deliveryIdOf(c, p)).toBe(deliveryIdOf(c, p));
    expect(deliveryIdOf(c, p)).not.toBe(deliveryIdOf(c, randomUUID()));
    expect(deliveryIdOf(c, p)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('builds the event payload with its times', () => {
    const at = new Date('2026-11-29T10:00:00.123Z');
    const template = {
      campaignId: 'c',
      supplier: { id: 's', name: 'Brand' },
      title: 't',
      body: 'b',
      skus: ['x'],
      discount: { type: 'percent' as const, value: 10 },
      validDays: 2,
    };
    expect(toOfferPayload(template, 'p', at)).toEqual({
      deliveryId: deliveryIdOf('c', 'p'),
      campaignId: 'c',
      supplier: { id: 's', name: 'Brand' },
      title: 't',
      body: 'b',
      skus: ['x'],
      discount: { type: 'percent', value: 10 },
      deliveredAt: '2026-11-29T10:00:00.123Z',
      expiresAt: '2026-12-01T10:00:00.123Z',
    });
    expect(expiresAtOf(at, 1).getTime() - at.getTime()).toBe(86_400_000);
  });
});
