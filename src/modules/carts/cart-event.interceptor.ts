import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { Observable } from 'rxjs';
import type { Socket } from 'socket.io';
import { AppError, ErrorCode } from '../../common/errors/app-error.js';
import { withCorrelation } from '../../common/logging/correlation.js';
import { MetricsService } from '../../infra/metrics/metrics.service.js';
import { sessionOf } from './cart-session.js';

/**
 * Around every cart event: the per-socket rate limit (in memory: no extra round trip), a
 * correlation id for its log lines (`<socket id>.<event number>`), and the event counter.
 */
@Injectable()
export class CartEventInterceptor implements NestInterceptor {
  constructor(private readonly metrics: MetricsService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const socket = context.switchToWs().getClient<Socket>();
    const event = context.switchToWs().getPattern();
    const session = sessionOf(socket);
    if (!session.bucket.take()) {
      this.metrics.socketEvents.inc({ event, outcome: 'rate_limited' });
      throw new AppError(ErrorCode.RateLimited, 'Too many cart events', undefined, { retryAfterSeconds: session.bucket.retryAfterSeconds() });
    }
    session.events += 1;
    const correlationId = `${socket.id}.${session.events}`;
    return new Observable((subscriber) =>
      withCorrelation(correlationId, () =>
        next.handle().subscribe({
          next: (value) => subscriber.next(value),
          error: (error: unknown) => {
            this.metrics.socketEvents.inc({ event, outcome: 'error' });
            subscriber.error(error);
          },
          complete: () => {
            this.metrics.socketEvents.inc({ event, outcome: 'ok' });
            subscriber.complete();
          },
        }),
      ),
    );
  }
}
