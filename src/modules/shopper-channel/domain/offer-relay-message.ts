import type { OfferTemplate } from './offer-payload.js';

/** A delivery as relayed: the shopper and the moment of the decision (ms). */
export interface RelayedDelivery {
  pseudonym: string;
  at: number;
}

/**
 * One fan-out chunk's new deliveries, as published to every instance of the service: the
 * campaign's offer once and, per delivery, the shopper and the decision time (the event payload
 * and its deliveryId follow from them). One message per chunk instead of one per shopper, and
 * only the instance a shopper is connected to builds and sends the event.
 */
export interface OfferRelayMessage {
  template: OfferTemplate;
  deliveries: RelayedDelivery[];
}

interface Wire {
  t: OfferTemplate;
  /** Flat pairs: pseudonym, time, pseudonym, time… */
  d: Array<string | number>;
}

export function encodeRelayMessage(message: OfferRelayMessage): string {
  const d: Array<string | number> = [];
  for (const { pseudonym, at } of message.deliveries) d.push(pseudonym, at);
  return JSON.stringify({ t: message.template, d } satisfies Wire);
}

/** Throws on anything that is not such a message. */
export function decodeRelayMessage(text: string): OfferRelayMessage {
  const wire = JSON.parse(text) as Partial<Wire>;
  if (!wire || typeof wire.t?.campaignId !== 'string' || !Array.isArray(wire.d) || wire.d.length % 2 !== 0)
    throw new Error('not an offer relay message');
  const deliveries: RelayedDelivery[] = [];
  for (let i = 0; i < wire.d.length; i += 2) {
    const [pseudonym, at] = [wire.d[i], wire.d[i + 1]];
    if (typeof pseudonym !== 'string' || typeof at !== 'number') throw new Error('not an offer relay message');
    deliveries.push({ pseudonym, at });
  }
  return { template: wire.t, deliveries };
}
