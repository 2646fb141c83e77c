import type { IncomingMessage } from 'node:http';
import { Injectable, Logger } from '@nestjs/common';
import type { Socket } from 'socket.io';
import { AppError, ErrorCode } from '../../common/errors/app-error.js';
import { clientAddressResolver, parseTrustProxy } from '../../common/http/client-address.js';
import { AppConfig } from '../../config/app-config.js';
import type { ShopperPrincipal } from './domain/principal.js';
import { RateLimitService } from './rate-limit.service.js';
import { ShopperTokenService } from './shopper-token.service.js';

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
 * (or `rate_limited`). Connected sockets are disconnected when their token expires.
 */
@Injectable()
export class SocketAuthService {
  private readonly logger = new Logger(SocketAuthService.name);

  private readonly clientAddress: (req: IncomingMessage) => string;

  constructor(
    private readonly tokens: ShopperTokenService,
    private readonly rateLimits: RateLimitService,
    config: AppConfig,
  ) {
    this.clientAddress = clientAddressResolver(parseTrustProxy(config.env.TRUST_PROXY));
  }

  middleware(): (socket: Socket, next: (err?: Error) => void) => void {
    return (socket, next) => {
      this.authenticate(socket).then(
        () => next(),
        (error: unknown) => {
          const limited = error instanceof AppError && error.code === ErrorCode.RateLimited;
          if (!(error instanceof AppError)) this.logger.error({ err: error }, 'socket handshake failed');
          next(new Error(limited ? 'rate_limited' : 'unauthorized'));
        },
      );
    };
  }

  private async authenticate(socket: Socket): Promise<void> {
    await this.rateLimits.consume('handshake', this.clientAddress(socket.request));
    const token: unknown = socket.handshake.auth?.token;
    if (typeof token !== 'string' || token.length === 0 || token.length > 8192) throw AppError.unauthorized();
    const shopper = await this.tokens.verify(token);
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
