import { Logger } from '@nestjs/common';
import { type OnGatewayConnection, type OnGatewayDisconnect, type OnGatewayInit, WebSocketGateway } from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import { withCorrelation } from '../../common/logging/correlation.js';
import { TokenBucket } from '../../common/rate-limit/token-bucket.js';
import { AppConfig } from '../../config/app-config.js';
import { SocketAuthService } from '../auth/socket-auth.service.js';
import { CartEventDispatcher, type CartEventRoutes } from './cart-event.dispatcher.js';
import { SUGGESTIONS_MAX_AGE_MS, sessionOf } from './cart-session.js';
import { SuggestionMemo } from '../reminders/domain/suggestion-memo.js';
import { CARTS_NAMESPACE } from '../shopper-channel/shopper-channel.events.js';
import { ShopperPublisher } from '../shopper-channel/shopper-publisher.service.js';
import { CartsService } from './carts.service.js';

/**
 * The `/carts` namespace (docs/carts-and-reminders.md). Thin: authenticate in the handshake, then
 * one route per client event, each calling one service method; CartEventDispatcher rate-limits,
 * validates the payload and acknowledges (errors as `{ ok: false, error }`, the socket stays up).
 */
@WebSocketGateway({ namespace: CARTS_NAMESPACE })
export class CartsGateway implements OnGatewayInit<Namespace>, OnGatewayConnection<Socket>, OnGatewayDisconnect<Socket> {
  private readonly logger = new Logger(CartsGateway.name);

  private readonly routes: CartEventRoutes = {
    // `{ ok: true, cart }`, with the JSON of the cart already built for its `cart:state`.
    'cart:add': async (session, p) => (await this.carts.change(session, { op: 'add', sku: p.sku, quantity: p.quantity ?? 1 })).ack(),
    'cart:remove': async (session, p) => (await this.carts.change(session, { op: 'remove', sku: p.sku, quantity: p.quantity })).ack(),
    'cart:clear': async (session) => (await this.carts.change(session, { op: 'clear' })).ack(),
    'cart:review': async (session) => ({ ok: true, reminders: await this.carts.review(session) }),
    'cart:checkout': async (session, p) => ({ ok: true, orderId: await this.carts.checkout(session, p.orderId) }),
    'reminder:dismiss': async (session, p) => {
      await this.carts.dismiss(session, p.sku);
      return { ok: true };
    },
    'offer:seen': async (session, p) => {
      await this.carts.markOffer(session, p.deliveryId, 'seen');
      return { ok: true };
    },
    'offer:dismiss': async (session, p) => {
      await this.carts.markOffer(session, p.deliveryId, 'dismissed');
      return { ok: true };
    },
  };

  /** One function for every socket's events (socket.io calls it with the socket as `this`). */
  private readonly onEvent: (this: Socket, event: unknown, ...args: unknown[]) => void;

  constructor(
    private readonly socketAuth: SocketAuthService,
    private readonly carts: CartsService,
    private readonly publisher: ShopperPublisher,
    private readonly config: AppConfig,
    private readonly dispatcher: CartEventDispatcher,
  ) {
    this.onEvent = dispatcher.listener(this.routes);
  }

  afterInit(namespace: Namespace): void {
    namespace.use(this.socketAuth.middleware());
    // One gateway per namespace: a second one would add listeners to every connection.
    this.publisher.attach(namespace);
  }

  async handleConnection(socket: Socket): Promise<void> {
    const session = sessionOf(socket);
    session.correlationId = socket.id;
    session.bucket = new TokenBucket(this.config.sockets.eventsPerSecond, this.config.sockets.eventsBurst);
    session.lastPushed = [];
    session.suggestions = new SuggestionMemo(SUGGESTIONS_MAX_AGE_MS);
    session.events = 0;
    // Events sent right on connect wait for the welcome `cart:state`, so that it comes first.
    const release = this.dispatcher.hold(socket, this.onEvent, this.config.sockets.eventsBurst);
    await withCorrelation(socket.id, async () => {
      try {
        await this.publisher.join(socket, session.shopper.pseudonym);
        if (socket.disconnected) return; // gone already: nothing to register
        this.socketAuth.armExpiry(socket);
        const cart = await this.carts.connect(session, socket.id);
        // Gone while registering: its disconnect may have unregistered it before the registration
        // landed; unregister again so that no stale presence makes other instances publish for it.
        if (socket.disconnected) return void (await this.carts.disconnect(session, socket.id));
        this.publisher.welcome(socket, cart);
        release();
      } catch (error) {
        this.logger.error({ err: error }, 'cart connection setup failed');
        socket.disconnect(true);
      }
    });
  }

  handleDisconnect(socket: Socket): void {
    const session = sessionOf(socket);
    if (!session.shopper) return;
    this.carts
      .disconnect(session, socket.id)
      .catch((error: unknown) => this.logger.warn({ err: error }, 'could not unregister a cart device'));
  }
}
