import * as parser from 'socket.io-parser';
import { PreEncoded, preEncodingParser } from './pre-encoded.js';

const cart = { items: [{ sku: 'oj "1l"', name: 'Jus d’orange \u2028', quantity: 2 }], version: 3, updatedAt: '2026-12-07T06:00:00.000Z' };

describe('preEncodingParser', () => {
  const plain = new parser.Encoder();
  const pre = new preEncodingParser.Encoder();

  it('writes a pre-encoded ack and event as socket.io writes the same values', () => {
    const ack = { ok: true, cart };
    expect(pre.encode({ type: parser.PacketType.ACK, nsp: '/carts', id: 12, data: [new PreEncoded(JSON.stringify(ack))] })).toEqual(
      plain.encode({ type: parser.PacketType.ACK, nsp: '/carts', id: 12, data: [ack] }),
    );
    const state = { cart };
    expect(
      pre.encode({ type: parser.PacketType.EVENT, nsp: '/carts', data: ['cart:state', new PreEncoded(JSON.stringify(state))] }),
    ).toEqual(plain.encode({ type: parser.PacketType.EVENT, nsp: '/carts', data: ['cart:state', state] }));
    expect(pre.encode({ type: parser.PacketType.EVENT, nsp: '/', data: ['x', new PreEncoded('{}')] })).toEqual(['2["x",{}]']);
  });

  it('leaves every other packet to socket.io', () => {
    const packets: parser.Packet[] = [
      { type: parser.PacketType.EVENT, nsp: '/carts', data: ['reminders', { reminders: [], cartVersion: 1 }] },
      { type: parser.PacketType.ACK, nsp: '/carts', id: 3, data: [{ ok: false }] },
      { type: parser.PacketType.EVENT, nsp: '/carts', data: ['bin', Buffer.from('abc')] },
      { type: parser.PacketType.CONNECT, nsp: '/carts', data: { sid: 'a' } },
    ];
    for (const packet of packets) expect(pre.encode(packet)).toEqual(plain.encode(packet));
  });

  it('reads back through toJSON wherever it is serialized otherwise (the Redis adapter, logs)', () => {
    expect(JSON.parse(JSON.stringify({ cart: new PreEncoded(JSON.stringify(cart)) }))).toEqual({ cart });
  });
});
