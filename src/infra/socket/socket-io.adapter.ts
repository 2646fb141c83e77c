import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter, createShardedAdapter } from '@socket.io/redis-adapter';
import type { MessageMappingProperties } from '@nestjs/websockets';
import type { Observable } from 'rxjs';
import type { Server, ServerOptions, Socket } from 'socket.io';
import { AppError, type ErrorBody, ErrorCode } from '../../common/errors/app-error.js';
import type { AppConfig } from '../../config/app-config.js';
import { closeRedis, type RedisClient } from '../redis/redis-connections.js';
import type { RedisService } from '../redis/redis.service.js';
import { preEncodingParser } from './pre-encoded.js';

/**
 * socket.io with bounded messages, the configured CORS origins, the main namespace `/` closed,
 * and a Redis adapter, so that a shopper's room spans every instance (a device on instance A
 * sees the change made on instance B). On one server, the classic adapter (also the only one
 * `@socket.io/redis-emitter` could speak to, should a process without a socket server ever need
 * to emit directly). On a Cluster, the sharded adapter (Redis 7 SPUBLISH/SSUBSCRIBE, through
 * ioredis' sharded subscribers): each channel lives on the master owning its slot, instead of
 * every message crossing the cluster bus to every node; its `dynamic` mode gives a room its own
 * channel, so a shopper's messages reach only the instances subscribed to that shopper's room.
 */
export class SocketIoAdapter extends IoAdapter {
  private readonly clients: RedisClient[] = [];

  constructor(
    app: INestApplicationContext,
    private readonly config: AppConfig,
    private readonly redis: RedisService,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: Partial<ServerOptions>): Server {
    const origins = this.config.http.corsOrigins;
    const server = super.createIOServer(port, {
      ...(options as ServerOptions),
      maxHttpBufferSize: this.config.sockets.maxMessageBytes,
      // Writes a cart encoded once as is, in its ack and in `cart:state` (pre-encoded.ts).
      parser: preEncodingParser,
      cors: { origin: origins.length > 0 ? origins : false, credentials: true },
    });
    const pub = handledPublishes(this.redis.duplicateUnprefixed(), this.logger);
    const channelPrefix = `${this.config.redis.keyPrefix}socket.io`;
    if (this.redis.cluster) {
      const sub = this.redis.duplicateUnprefixed({ shardedSubscribers: true });
      this.clients.push(pub, sub);
      server.adapter(createShardedAdapter(pub, sub, { channelPrefix, subscriptionMode: 'dynamic' }));
    } else {
      const sub = this.redis.duplicateUnprefixed();
      this.clients.push(pub, sub);
      server.adapter(createAdapter(pub, sub, { key: channelPrefix }));
    }
    // The main namespace always exists in socket.io and would accept anyone: Panier serves `/carts`
    // alone, so `/` refuses every handshake (other namespaces are refused by socket.io itself).
    server.of('/').use((_socket, next) => next(closedNamespace()));
    return server;
  }

  /**
   * Nest's version builds a chain of rxjs operators per handler for every socket, held for the
   * whole connection. Plain listeners do the same job: call the handler, acknowledge
   * its result, log what a filter let through.
   */
  override bindMessageHandlers(
    socket: Socket,
    handlers: MessageMappingProperties[],
    transform: (data: unknown) => Observable<unknown>,
  ): void {
    for (const { message, callback, isAckHandledManually } of handlers) {
      socket.on(message as string, (...args: unknown[]) => {
        const { data, ack } = this.mapPayload(args.length === 1 ? args[0] : args) as { data: unknown; ack?: unknown };
        let result: Observable<unknown>;
        try {
          result = transform(callback(data, ack));
        } catch (error) {
          this.logger.error(error);
          return;
        }
        result.subscribe({
          next: (response) => {
            if (response === undefined || response === null) return;
            const emitted = response as { event?: string; data?: unknown };
            if (emitted.event) socket.emit(emitted.event, emitted.data);
            else if (!isAckHandledManually && typeof ack === 'function') (ack as (r: unknown) => void)(response);
          },
          error: (error: unknown) => this.logger.error(error),
        });
      });
    }
  }

  override async close(server: Server): Promise<void> {
    await super.close(server);
    await Promise.all(this.clients.splice(0).map(closeRedis));
  }
}

/** The refusal of a handshake on `/`: `connect_error` with message `not_found` and the contract's error body. */
function closedNamespace(): Error & { data: ErrorBody } {
  return Object.assign(new Error('not_found'), { data: new AppError(ErrorCode.NotFound, 'No such namespace: connect to /carts').toBody() });
}

/**
 * The Redis adapter publishes without waiting (`disconnectSockets`, broadcasts, server-side
 * emits) and never handles a failed publish: with Redis unreachable or the connection closing,
 * that is an unhandled rejection, which ends the process (main.ts). Each publish gets a handler
 * that logs the failure; callers that await the promise still see it. (The sharded adapter's
 * SPUBLISH failures are caught by socket.io-adapter's ClusterAdapter: socket-adapter.e2e-spec
 * passes on a Cluster without this.)
 */
function handledPublishes(client: RedisClient, logger: { warn(message: unknown, context?: string): void }): RedisClient {
  const publish = client.publish.bind(client) as (...args: unknown[]) => Promise<number>;
  (client as unknown as { publish: (...args: unknown[]) => Promise<number> }).publish = (...args: unknown[]) => {
    const sent = publish(...args);
    sent.catch((error: unknown) => logger.warn({ err: error }, 'socket.io adapter publish failed'));
    return sent;
  };
  return client;
}
