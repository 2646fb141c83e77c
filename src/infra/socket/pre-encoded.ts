import * as parser from 'socket.io-parser';

/**
 * An event argument or acknowledgement whose JSON is already built, so that a value sent in several
 * messages (the cart, in the ack and in `cart:state`) is encoded once. The encoder below writes it as
 * is. Anything else that serializes it (the Redis adapter's msgpack, a log line) gets the value
 * back through `toJSON`, so that it is never sent in another shape.
 */
export class PreEncoded {
  constructor(readonly json: string) {}

  toJSON(): unknown {
    return JSON.parse(this.json);
  }
}

/**
 * socket.io's encoder, which writes a packet whose last argument is {@link PreEncoded} (and whose
 * others are strings: the event name) without stringifying it or walking it for binary data: the
 * same bytes JSON.stringify would give. Every other packet goes the usual way.
 */
class PreEncodingEncoder extends parser.Encoder {
  override encode(packet: parser.Packet): unknown[] {
    const data = packet.data as unknown[] | undefined;
    const last = Array.isArray(data) ? data[data.length - 1] : undefined;
    if ((packet.type !== parser.PacketType.EVENT && packet.type !== parser.PacketType.ACK) || !(last instanceof PreEncoded))
      return super.encode(packet) as unknown[];
    let text = String(packet.type);
    if (packet.nsp && packet.nsp !== '/') text += packet.nsp + ',';
    if (packet.id != null) text += packet.id;
    text += '[';
    for (let i = 0; i < data!.length - 1; i++) {
      if (typeof data![i] !== 'string') return super.encode(packet) as unknown[];
      text += JSON.stringify(data![i]) + ',';
    }
    return [text + last.json + ']'];
  }
}

/** socket.io's own parser with {@link PreEncodingEncoder} (the `parser` option of the server). */
export const preEncodingParser = { ...parser, Encoder: PreEncodingEncoder };
