import { type OnGatewayInit, WebSocketGateway } from '@nestjs/websockets';
import type { Namespace } from 'socket.io';
import { CARTS_NAMESPACE } from '../carts/carts.events.js';
import { OfferRelay } from './offer-relay.js';

/**
 * Hands the `/carts` namespace (the same one CartsGateway serves) to the offer relay when the
 * socket server starts; only API instances have one, so only they subscribe to the relay.
 * No handlers of its own.
 */
@WebSocketGateway({ namespace: CARTS_NAMESPACE })
export class OfferRelayGateway implements OnGatewayInit<Namespace> {
  constructor(private readonly relay: OfferRelay) {}

  afterInit(namespace: Namespace): void {
    this.relay.attach(namespace);
  }
}
