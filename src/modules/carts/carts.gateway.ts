import { Logger, UseFilters, UseInterceptors } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  type OnGatewayConnection,
  type OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
} from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import { AppError } from '../../common/errors/app-error.js';
import { WsExceptionFilter } from '../../common/filters/ws-exception.filter.js';
import { withCorrelation } from '../../common/logging/correlation.js';
import { TokenBucket } from '../../common/rate-limit/token-bucket.js';
import { AppConfig } from '../../config/app-config.js';
import { SocketAuthService } from '../auth/socket-auth.service.js';
import type { Reminder } from '../reminders/domain/reminder-ranker.js';
import { CartEventInterceptor } from './cart-event.interceptor.js';
import { sessionOf } from './cart-session.js';
import { CARTS_NAMESPACE, shopperRoom } from './carts.events.js';
import { CartsPublisher } from './carts.publisher.js';
import { CartsService } from './carts.service.js';
import type { Cart } from './domain/cart.js';
import { AddToCartDto, CheckoutDto, DismissReminderDto, EmptyPayloadDto, OfferRefDto, RemoveFromCartDto } from './dto/cart-events.dto.js';

/**
 * The `/carts` namespace (CONTRACT.md, "Live carts"). Thin: authenticate in the handshake,
 * validate each payload (the global AppValidationPipe), call one service method, acknowledge. Errors are acknowledged by
 * WsExceptionFilter as `{ ok: false, error }` and the socket stays up.
 */
const KNOWN_EVENTS = new Set(['cart:add', 'cart:remove', 'cart:clear', 'cart:review', 'cart:checkout', 'reminder:dismiss', 'offer:seen', 'offer:dismiss']);

@WebSocketGateway({ namespace: CARTS_NAMESPACE })
@UseFilters(WsExceptionFilter)
@UseInterceptors(CartEventInterceptor)
export class CartsGateway implements OnGatewayInit<Namespace>, OnGatewayConnection<Socket> {
  private readonly logger = new Logger(CartsGateway.name);

  constructor(
    private readonly socketAuth: SocketAuthService,
    private readonly carts: CartsService,
    private readonly publisher: CartsPublisher,
    private readonly config: AppConfig,
  ) {}

  afterInit(namespace: Namespace): void {
    namespace.use(this.socketAuth.middleware());
    this.publisher.attach(namespace);
  }

  async handleConnection(socket: Socket): Promise<void> {
    const session = sessionOf(socket);
    session.correlationId = socket.id;
    session.bucket = new TokenBucket(this.config.env.SOCKET_EVENTS_PER_SECOND, this.config.env.SOCKET_EVENTS_BURST);
    session.lastPushed = [];
    session.events = 0;
    await withCorrelation(socket.id, async () => {
      try {
        socket.onAny((event: string, ...args: unknown[]) => this.refuseUnknown(event, args));
        await socket.join(shopperRoom(session.shopper.pseudonym));
        this.socketAuth.armExpiry(socket);
        socket.emit('cart:state', { cart: await this.carts.connect(session) });
      } catch (error) {
        this.logger.error({ err: error }, 'cart connection setup failed');
        socket.disconnect(true);
      }
    });
  }

  /** Every event is acknowledged, unknown ones too: a client never waits for an answer that won't come. */
  private refuseUnknown(event: string, args: unknown[]): void {
    if (KNOWN_EVENTS.has(event)) return;
    const ack = args[args.length - 1];
    if (typeof ack === 'function') (ack as (reply: unknown) => void)({ ok: false, error: AppError.notFound(`Event ${event.slice(0, 64)}`).toBody() });
  }

  @SubscribeMessage('cart:add')
  async add(@ConnectedSocket() socket: Socket, @MessageBody() dto: AddToCartDto): Promise<{ ok: true; cart: Cart }> {
    return { ok: true, cart: await this.carts.change(sessionOf(socket), { op: 'add', sku: dto.sku, quantity: dto.quantity ?? 1 }) };
  }

  @SubscribeMessage('cart:remove')
  async remove(@ConnectedSocket() socket: Socket, @MessageBody() dto: RemoveFromCartDto): Promise<{ ok: true; cart: Cart }> {
    return { ok: true, cart: await this.carts.change(sessionOf(socket), { op: 'remove', sku: dto.sku, quantity: dto.quantity }) };
  }

  @SubscribeMessage('cart:clear')
  async clear(@ConnectedSocket() socket: Socket, @MessageBody() _dto: EmptyPayloadDto): Promise<{ ok: true; cart: Cart }> {
    return { ok: true, cart: await this.carts.change(sessionOf(socket), { op: 'clear' }) };
  }

  @SubscribeMessage('cart:review')
  async review(@ConnectedSocket() socket: Socket, @MessageBody() _dto: EmptyPayloadDto): Promise<{ ok: true; reminders: Reminder[] }> {
    return { ok: true, reminders: await this.carts.review(sessionOf(socket)) };
  }

  @SubscribeMessage('cart:checkout')
  async checkout(@ConnectedSocket() socket: Socket, @MessageBody() dto: CheckoutDto): Promise<{ ok: true; orderId: string }> {
    return { ok: true, orderId: await this.carts.checkout(sessionOf(socket), dto.orderId) };
  }

  @SubscribeMessage('reminder:dismiss')
  async dismiss(@ConnectedSocket() socket: Socket, @MessageBody() dto: DismissReminderDto): Promise<{ ok: true }> {
    await this.carts.dismiss(sessionOf(socket), dto.sku);
    return { ok: true };
  }

  @SubscribeMessage('offer:seen')
  async offerSeen(@ConnectedSocket() socket: Socket, @MessageBody() dto: OfferRefDto): Promise<{ ok: true }> {
    await this.carts.markOffer(sessionOf(socket), dto.deliveryId, 'seen');
    return { ok: true };
  }

  @SubscribeMessage('offer:dismiss')
  async offerDismiss(@ConnectedSocket() socket: Socket, @MessageBody() dto: OfferRefDto): Promise<{ ok: true }> {
    await this.carts.markOffer(sessionOf(socket), dto.deliveryId, 'dismissed');
    return { ok: true };
  }
}
