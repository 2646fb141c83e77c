import { Logger } from '@nestjs/common';
import { type OnGatewayConnection, type OnGatewayInit, WebSocketGateway } from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import { withCorrelation } from '../../common/logging/correlation.js';
import { type ShopperSocketData, SocketAuthService } from '../auth/socket-auth.service.js';
import { CARTS_NAMESPACE, shopperRoom } from './carts.events.js';

/**
 * The `/carts` namespace: shoppers are authenticated in the handshake, put in their own room,
 * and disconnected when their token expires.
 */
@WebSocketGateway({ namespace: CARTS_NAMESPACE })
export class CartsGateway implements OnGatewayInit<Namespace>, OnGatewayConnection<Socket> {
  private readonly logger = new Logger(CartsGateway.name);

  constructor(private readonly socketAuth: SocketAuthService) {}

  afterInit(namespace: Namespace): void {
    namespace.use(this.socketAuth.middleware());
  }

  handleConnection(socket: Socket): void {
    const data = socket.data as ShopperSocketData;
    data.correlationId = socket.id;
    withCorrelation(socket.id, () => {
      void socket.join(shopperRoom(data.shopper.pseudonym));
      this.socketAuth.armExpiry(socket);
      this.logger.debug({ pseudonym: data.shopper.pseudonym }, 'cart socket connected');
    });
  }
}
