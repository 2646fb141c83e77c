import { io, type Socket } from 'socket.io-client';
import { mulberry32 } from '../eval/prng.js';
import { popularIndex, skuOf } from './seed-data.js';
import { percentiles, type Percentiles } from './stats.js';

type Reply = { ok: boolean; reminders?: unknown[]; error?: { code?: string } };

/** Messages the server pushed to the fleet (the `cart:state` after each change, `reminders`). */
export interface Pushed {
  cartState: number;
  reminders: number;
}

/** Connected carts: one socket.io-client socket (own engine, websocket transport) per shopper. */
export class CartFleet {
  readonly pushed: Pushed = { cartState: 0, reminders: 0 };

  private constructor(readonly sockets: Socket[]) {}

  /**
   * Connects one cart per token, `concurrency` handshakes at a time, each counted once the
   * server's first `cart:state` has arrived (for Panier: after authentication, identity, profile
   * and cart were loaded). Throws if any cart fails to connect.
   */
  static async connect(
    url: string,
    tokens: string[],
    concurrency: number,
    timeoutMs = 30_000,
  ): Promise<{ fleet: CartFleet; seconds: number }> {
    const started = performance.now();
    const sockets: Socket[] = new Array<Socket>(tokens.length);
    const fleet = new CartFleet(sockets);
    let next = 0;
    const worker = async () => {
      while (next < tokens.length) {
        const i = next++;
        sockets[i] = await connectOne(url, tokens[i], fleet.pushed, timeoutMs);
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(concurrency, tokens.length) }, worker));
    } catch (error) {
      fleet.close();
      throw error;
    }
    return { fleet, seconds: (performance.now() - started) / 1000 };
  }

  close(): void {
    for (const socket of this.sockets) socket?.close();
  }
}

function connectOne(url: string, token: string, pushed: Pushed, timeoutMs: number): Promise<Socket> {
  const socket = io(`${url}/carts`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  socket.on('cart:state', () => (pushed.cartState += 1));
  socket.on('reminders', () => (pushed.reminders += 1));
  return new Promise((resolve, reject) => {
    const fail = (error: Error) => {
      clearTimeout(timer);
      socket.close();
      reject(error);
    };
    const timer = setTimeout(() => fail(new Error('cart did not connect in time')), timeoutMs);
    socket.once('connect_error', (error: Error) => fail(new Error(`connect_error: ${error.message}`)));
    socket.once('cart:state', () => {
      clearTimeout(timer);
      resolve(socket);
    });
  });
}

/** Which cart sends each event, and what it adds: spread evenly, deterministic per run. */
class EventPlan {
  private readonly order: number[];
  private readonly random: () => number;
  private n = 0;

  constructor(
    carts: number,
    private readonly products: number,
    seed: number,
  ) {
    this.random = mulberry32(seed);
    this.order = Array.from({ length: carts }, (_, i) => i);
    for (let i = carts - 1; i > 0; i--) {
      const j = Math.floor(this.random() * (i + 1));
      [this.order[i], this.order[j]] = [this.order[j], this.order[i]];
    }
  }

  nextCart(): number {
    return this.order[this.n++ % this.order.length];
  }

  nextAdd(): { sku: string; quantity: number } {
    return { sku: skuOf(popularIndex(this.random, this.products)), quantity: 1 };
  }
}

/** Latencies (ms) of one kind of event and how its acknowledgements went. */
export interface EventFigures extends Percentiles {
  count: number;
  errors: number;
  lost: number;
}

export interface OpenLoopFigures {
  targetRate: number;
  achievedRate: number;
  add: EventFigures;
  review: EventFigures & { withReminders: number };
  /** How late the client sent events against the schedule: large values mean the client fell behind. */
  sendLagP99Ms: number;
  errorCodes: Record<string, number>;
}

/**
 * Open loop: `rate` events per second for `seconds`, on a fixed schedule whatever the replies
 * (every `reviewEvery`-th event is `cart:review`, the others `cart:add`). Latency runs from the
 * emit to the acknowledgement. The event loop spins on setImmediate so sends are on time.
 */
export async function openLoop(
  fleet: CartFleet,
  o: { rate: number; seconds: number; reviewEvery: number; products: number; seed: number; drainMs: number },
): Promise<OpenLoopFigures> {
  const plan = new EventPlan(fleet.sockets.length, o.products, o.seed);
  const total = Math.round(o.rate * o.seconds);
  const add: number[] = [];
  const review: number[] = [];
  const lag: number[] = [];
  const errorCodes: Record<string, number> = {};
  let addErrors = 0;
  let reviewErrors = 0;
  let withReminders = 0;
  let outstandingAdds = 0;
  let outstandingReviews = 0;
  const interval = 1000 / o.rate;
  const start = performance.now();
  let sent = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (sent < total && start + sent * interval <= now) {
        lag.push(now - (start + sent * interval));
        const socket = fleet.sockets[plan.nextCart()];
        const isReview = o.reviewEvery > 0 && sent % o.reviewEvery === o.reviewEvery - 1;
        const at = performance.now();
        if (isReview) {
          outstandingReviews += 1;
          socket.emit('cart:review', {}, (reply: Reply) => {
            outstandingReviews -= 1;
            review.push(performance.now() - at);
            if (!reply?.ok) {
              reviewErrors += 1;
              errorCodes[reply?.error?.code ?? 'unknown'] = (errorCodes[reply?.error?.code ?? 'unknown'] ?? 0) + 1;
            } else if ((reply.reminders?.length ?? 0) > 0) withReminders += 1;
          });
        } else {
          outstandingAdds += 1;
          socket.emit('cart:add', plan.nextAdd(), (reply: Reply) => {
            outstandingAdds -= 1;
            add.push(performance.now() - at);
            if (!reply?.ok) {
              addErrors += 1;
              errorCodes[reply?.error?.code ?? 'unknown'] = (errorCodes[reply?.error?.code ?? 'unknown'] ?? 0) + 1;
            }
          });
        }
        sent += 1;
      }
      if (sent < total) setImmediate(tick);
      else resolve();
    };
    tick();
  });
  const sentSeconds = (performance.now() - start) / 1000;
  await drain(() => outstandingAdds + outstandingReviews, o.drainMs);
  return {
    targetRate: o.rate,
    achievedRate: total / sentSeconds,
    add: { ...percentiles(add), count: add.length, errors: addErrors, lost: outstandingAdds },
    review: { ...percentiles(review), count: review.length, errors: reviewErrors, lost: outstandingReviews, withReminders },
    sendLagP99Ms: percentiles(lag).p99,
    errorCodes,
  };
}

export interface SaturationFigures extends Percentiles {
  inflight: number;
  eventsPerSecond: number;
  completed: number;
  errors: number;
  lost: number;
  seconds: number;
}

/**
 * Closed loop: `inflight` chains of `cart:add`, each sending its next event as soon as the
 * previous one is acknowledged, for `warmupSeconds + seconds`; throughput and latency count the
 * acknowledgements of the last `seconds` only.
 */
export async function saturate(
  fleet: CartFleet,
  o: { inflight: number; warmupSeconds: number; seconds: number; products: number; seed: number; drainMs: number },
  onMeasureStart: () => void,
  onMeasureEnd: () => void,
): Promise<SaturationFigures> {
  const plan = new EventPlan(fleet.sockets.length, o.products, o.seed);
  const latencies: number[] = [];
  let measuring = false;
  let stopped = false;
  let completed = 0;
  let errors = 0;
  let outstanding = 0;
  const fire = () => {
    const socket = fleet.sockets[plan.nextCart()];
    const at = performance.now();
    outstanding += 1;
    socket.emit('cart:add', plan.nextAdd(), (reply: Reply) => {
      outstanding -= 1;
      if (measuring) {
        completed += 1;
        latencies.push(performance.now() - at);
        if (!reply?.ok) errors += 1;
      }
      if (!stopped) fire();
    });
  };
  for (let i = 0; i < o.inflight; i++) fire();
  await sleepMs(o.warmupSeconds * 1000);
  onMeasureStart();
  measuring = true;
  const start = performance.now();
  await sleepMs(o.seconds * 1000);
  measuring = false;
  const seconds = (performance.now() - start) / 1000;
  onMeasureEnd();
  stopped = true;
  await drain(() => outstanding, o.drainMs);
  return {
    ...percentiles(latencies),
    inflight: o.inflight,
    eventsPerSecond: completed / seconds,
    completed,
    errors,
    lost: outstanding,
    seconds,
  };
}

export interface EachOnceFigures extends EventFigures {
  withReminders: number;
  eventsPerSecond: number;
}

/**
 * One `cart:review` from every cart, `concurrency` at a time (closed loop), each cart once: the
 * first event after connecting, where Panier fills per-shopper caches. Waits for every answer (at
 * most `timeoutMs`), so that whatever it costs is over before the next phase.
 */
export async function reviewEachOnce(fleet: CartFleet, concurrency: number, timeoutMs: number): Promise<EachOnceFigures> {
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  let withReminders = 0;
  let outstanding = 0;
  const started = performance.now();
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    const fire = () => {
      if (next >= fleet.sockets.length) {
        if (outstanding === 0) {
          clearTimeout(timer);
          resolve();
        }
        return;
      }
      const socket = fleet.sockets[next++];
      const at = performance.now();
      outstanding += 1;
      socket.emit('cart:review', {}, (reply: Reply) => {
        outstanding -= 1;
        latencies.push(performance.now() - at);
        if (!reply?.ok) errors += 1;
        else if ((reply.reminders?.length ?? 0) > 0) withReminders += 1;
        fire();
      });
    };
    for (let i = 0; i < Math.min(concurrency, fleet.sockets.length); i++) fire();
  });
  const seconds = (performance.now() - started) / 1000;
  return {
    ...percentiles(latencies),
    count: latencies.length,
    errors,
    lost: outstanding + (fleet.sockets.length - next),
    withReminders,
    eventsPerSecond: latencies.length / seconds,
  };
}

async function drain(outstanding: () => number, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (outstanding() > 0 && performance.now() < deadline) await sleepMs(20);
}

const sleepMs = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
