import type { IncomingMessage } from 'node:http';
import { Injectable, Logger } from '@nestjs/common';
import type { Socket } from 'socket.io';
import { AppError, type ErrorBody, ErrorCode } from '../../common/errors/app-error.js';
import { toErrorBody } from '../../common/errors/error-mapping.js';
import { clientAddressResolver, parseTrustProxy } from '../../common/http/client-address.js';
import { AppConfig } from '../../config/app-config.js';
import type { ShopperPrincipal } from './domain/principal.js';
import { RateLimitService } from './rate-limit.service.js';
import { ShopperTokenService } from './shopper-token.service.js';
import { SocketConnectionLimits } from './socket-connection-limits.js';

/** What the handshake leaves on `socket.data`. */
export interface ShopperSocketData {
  shopper: ShopperPrincipal;
  correlationId: string;
}

// setTimeout keeps at most a signed 32-bit delay; longer tokens are re-armed.
const MAX_TIMER_MS = 2_147_483_647;

/**
 * Authenticates shopper sockets in the handshake itself (namespace middleware), so that a bad
 * token never becomes a connection: the client sees `connect_error` with message `unauthorized`
 * (or `rate_limited`: too many handshakes, or too many sockets of the address or the shopper),
 * and the contract's error body in its `data`. Connected sockets are disconnected when their
 * token expires.
 */
@Injectable()
export class SocketAuthService {
  private readonly logger = new Logger(SocketAuthService.name);

  private readonly clientAddress: (req: IncomingMessage) => string;

  constructor(
    private readonly tokens: ShopperTokenService,
    private readonly rateLimits: RateLimitService,
    private readonly connections: SocketConnectionLimits,
    config: AppConfig,
  ) {
    this.clientAddress = clientAddressResolver(parseTrustProxy(config.http.trustProxy));
  }

  middleware(): (socket: Socket, next: (err?: Error) => void) => void {
    return (socket, next) => {
      this.authenticate(socket).then(
        () => next(),
        (error: unknown) => {
          this.connections.releaseAll(socket);
          next(this.refusal(error));
        },
      );
    };
  }

  /**
   * The handshake's refusal: socket.io sends the error's `message` and `data` to the client's
   * `connect_error`. The message is the contract's (`unauthorized`, `rate_limited`; `unavailable`
   * when Panier itself failed, so that a client does not drop a good token), the data the one
   * error body of HTTP and socket errors.
   */
  private refusal(error: unknown): Error & { data: ErrorBody } {
    const { body, expected } = toErrorBody(error);
    if (!expected) this.logger.error({ err: error }, 'socket handshake failed');
    const message =
      body.statusCode >= 500
        ? 'unavailable'
        : error instanceof AppError && error.code === ErrorCode.RateLimited
          ? 'rate_limited'
          : 'unauthorized';
    // Anything else a client could send wrong in a handshake is a credential problem.
    const data =
      body.statusCode >= 500 || message === 'rate_limited' || body.code === (ErrorCode.Unauthorized as string)
        ? body
        : AppError.unauthorized().toBody();
    return Object.assign(new Error(message), { data });
  }

  private async authenticate(socket: Socket): Promise<void> {
    const address = this.clientAddress(socket.request);
    // Counted in memory before anything costs a round trip (SocketConnectionLimits).
    this.connections.holdAddress(socket, address);
    await this.rateLimits.consume('handshake', address);
    const token: unknown = socket.handshake.auth?.token;
    if (typeof token !== 'string' || token.length === 0 || token.length > 8192) throw AppError.unauthorized();
    const shopper = await this.tokens.verify(token);
    this.connections.holdShopper(socket, shopper.pseudonym);
    await this.rateLimits.consume('shopper', shopper.pseudonym);
    (socket.data as ShopperSocketData).shopper = shopper;
  }

  /** Disconnects the socket when its token expires. */
  armExpiry(socket: Socket): void {
    const { shopper } = socket.data as ShopperSocketData;
    const arm = () => {
      const left = shopper.expiresAt - Date.now();
      if (left <= 0) {
        socket.emit('session:expired', { reason: 'token_expired' });
        socket.disconnect(true);
        return;
      }
      const timer = setTimeout(arm, Math.min(left, MAX_TIMER_MS));
      timer.unref();
      socket.once('disconnect', () => clearTimeout(timer));
    };
    arm();
  }
}
