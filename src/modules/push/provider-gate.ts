import { RateLimiterMemory, RateLimiterQueue } from 'rate-limiter-flexible';

/**
 * What one provider lets through at once (requests in flight) and per second, per process: each
 * provider has its own, so that a slow or throttled one fills only its own gate and sends to the
 * others go on. Waiting callers are served in order.
 */
export class ProviderGate {
  private inFlight = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly rate?: RateLimiterQueue;

  constructor(
    private readonly concurrency: number,
    perSecond: number,
  ) {
    if (perSecond > 0)
      this.rate = new RateLimiterQueue(new RateLimiterMemory({ points: perSecond, duration: 1 }), {
        maxQueueSize: Number.MAX_SAFE_INTEGER,
      });
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.inFlight >= this.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.inFlight++;
    try {
      if (this.rate) await this.rate.removeTokens(1);
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.inFlight--;
    }
  }
}
