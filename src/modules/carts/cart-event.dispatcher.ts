import { Injectable, Logger } from '@nestjs/common';
import type { Counter, Histogram } from 'prom-client';
import type { Socket } from 'socket.io';
import { AppError, ErrorCode } from '../../common/errors/app-error.js';
import { socketErrorReply } from '../../common/filters/socket-error.js';
import { withCorrelation } from '../../common/logging/correlation.js';
import { MetricsService } from '../../infra/metrics/metrics.service.js';
import type { PreEncoded } from '../../infra/socket/pre-encoded.js';
import { type CartSession, sessionOf } from './cart-session.js';
import {
  type CartEventName,
  type CartPayloads,
  compilePayloadChecks,
  EMPTY_PAYLOAD,
  isCartEvent,
  type PayloadCheck,
} from './dto/cart-payloads.js';

/** One client event's handler: the session and the valid payload in, the success ack out (`{ ok: true, … }`, or pre-encoded). */
export type CartEventRoutes = {
  [E in CartEventName]: (session: CartSession, payload: CartPayloads[E]) => Promise<{ ok: true } | PreEncoded>;
};

type Ack = (reply: object) => void;
type Outcome = 'ok' | 'error' | 'rate_limited';

/**
 * The path of every client event of `/carts`, in plain listeners rather than Nest's message
 * pipeline (an rxjs chain, an execution context, class-transformer and class-validator per event,
 * too costly on the live path). In order: the per-socket token bucket (in memory, no
 * round trip), the compiled payload check, the handler under a correlation id
 * (`<socket id>.<event number>`), then the acknowledgement, `{ ok: true, … }` or the contract's
 * error body. Unknown events (any name, numbers included: socket.io allows them) count against
 * the bucket too and are acknowledged with NOT_FOUND: a client never waits for an answer that
 * won't come. Nothing thrown here may escape: the listener runs outside any promise, where an
 * exception would end the process and every cart connected to it. One listener function serves every socket (it reads the socket from `this`).
 */
@Injectable()
export class CartEventDispatcher {
  private readonly logger = new Logger('CartEvents');
  private readonly checks = compilePayloadChecks();
  private readonly counters = new Map<string, Record<Outcome, Counter.Internal> & { seconds: Histogram.Internal<'event'> }>();

  constructor(private readonly metrics: MetricsService) {}

  /** The `onAny` listener for the sockets of the namespace, bound to these routes. */
  listener(routes: CartEventRoutes): (this: Socket, event: unknown, ...args: unknown[]) => void {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- socket.io hands the socket as `this`
    const dispatcher = this;
    return function (this: Socket, event: unknown, ...args: unknown[]): void {
      const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as Ack) : undefined;
      try {
        dispatcher.dispatch(this, routes, event, args, ack);
      } catch (error) {
        ack?.(socketErrorReply(error, dispatcher.logger));
      }
    };
  }

  /**
   * Holds the socket's events until `release()`, then hands them to `listener` in the order they
   * came. A socket's events start arriving as soon as it is connected, before its set-up (the
   * first cart read, the welcome `cart:state`) is done; handled at once, an event's newer
   * `cart:state` would reach the device before the welcome one. At most `max` events wait (the
   * token bucket's burst: more would be refused anyway); the rest are answered `RATE_LIMITED`.
   */
  hold(socket: Socket, listener: (this: Socket, event: unknown, ...args: unknown[]) => void, max: number): () => void {
    const held: unknown[][] = [];
    const wait = (...eventAndArgs: unknown[]): void => {
      if (held.length < max) return void held.push(eventAndArgs);
      const ack = eventAndArgs[eventAndArgs.length - 1];
      if (typeof ack === 'function')
        (ack as Ack)({ ok: false, error: new AppError(ErrorCode.RateLimited, 'Too many cart events').toBody() });
    };
    socket.onAny(wait);
    return () => {
      socket.offAny(wait);
      socket.onAny(listener);
      for (const eventAndArgs of held.splice(0)) listener.apply(socket, eventAndArgs as [unknown, ...unknown[]]);
    };
  }

  private dispatch(socket: Socket, routes: CartEventRoutes, event: unknown, args: unknown[], ack: Ack | undefined): void {
    const session = sessionOf(socket);
    const known = isCartEvent(event);
    if (!session.bucket.take()) {
      if (known) this.countersOf(event).rate_limited.inc();
      const error = new AppError(ErrorCode.RateLimited, 'Too many cart events', undefined, {
        retryAfterSeconds: session.bucket.retryAfterSeconds(),
      });
      ack?.({ ok: false, error: error.toBody() });
      return;
    }
    if (!known) {
      ack?.({ ok: false, error: AppError.notFound(`Event ${String(event).slice(0, 64)}`).toBody() });
      return;
    }
    const count = this.countersOf(event);
    // One payload (or none) per event; anything else is not an object.
    const payload = args.length > 1 ? args : (args[0] ?? EMPTY_PAYLOAD);
    const details = (this.checks[event] as PayloadCheck<never>)(payload);
    if (details) {
      count.error.inc();
      ack?.({ ok: false, error: AppError.validation(details).toBody() });
      return;
    }
    session.events += 1;
    const handle = routes[event] as (session: CartSession, payload: unknown) => Promise<object>;
    const started = performance.now();
    withCorrelation(`${socket.id}.${session.events}`, () => handle(session, payload)).then(
      (reply) => {
        count.ok.inc();
        ack?.(reply);
        count.seconds.observe((performance.now() - started) / 1000);
      },
      (error: unknown) => {
        count.error.inc();
        const reply = socketErrorReply(error, this.logger);
        ack?.(reply);
        count.seconds.observe((performance.now() - started) / 1000);
      },
    );
  }

  /** Label children resolved once per event name: no label hashing per event. */
  private countersOf(event: CartEventName): Record<Outcome, Counter.Internal> & { seconds: Histogram.Internal<'event'> } {
    let counters = this.counters.get(event);
    if (!counters) {
      const c = this.metrics.socketEvents;
      counters = {
        ok: c.labels(event, 'ok'),
        error: c.labels(event, 'error'),
        rate_limited: c.labels(event, 'rate_limited'),
        seconds: this.metrics.socketEventSeconds.labels(event),
      };
      this.counters.set(event, counters);
    }
    return counters;
  }
}
