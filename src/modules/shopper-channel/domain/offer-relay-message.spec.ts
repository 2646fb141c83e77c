import { decodeRelayMessage, encodeRelayMessage } from './offer-relay-message.js';

const template = {
  campaignId: 'c',
  supplier: { id: 's', name: 'Brand' },
  title: 't',
  body: 'b',
  skus: ['x'],
  discount: { type: 'amount' as const, value: 100 },
  validDays: 2,
};

describe('offer relay message', () => {
  it('carries the offer once and each delivery as shopper and decision time', () => {
    const message = {
      template,
      deliveries: [
        { pseudonym: 'p1', at: 1764410400123 },
        { pseudonym: 'p2', at: 1764410400456 },
      ],
    };
    const text = encodeRelayMessage(message);
    expect(text.match(/Brand/g)).toHaveLength(1);
    expect(decodeRelayMessage(text)).toEqual(message);
  });

  it('refuses anything else', () => {
    expect(() => decodeRelayMessage('{"t":{},"d":[]}')).toThrow('not an offer relay message');
    expect(() => decodeRelayMessage(JSON.stringify({ t: template, d: ['p1'] }))).toThrow('not an offer relay message');
    expect(() => decodeRelayMessage(JSON.stringify({ t: template, d: ['p1', '12'] }))).toThrow('not an offer relay message');
    expect(() => decodeRelayMessage('null')).toThrow();
  });
});
