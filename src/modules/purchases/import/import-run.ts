import { setImmediate as nextTurn } from 'node:timers/promises';
import { LineSplitter } from '../domain/line-splitter.js';
import { copyOutcome, OrderBatch, type OrderOutcome } from '../domain/order-batch.js';
import type { PseudonymousOrder } from '../domain/order.js';
import type { ParsedOrder, RecordReader, RecordSink } from '../domain/record-reader.js';
import { type RecordedOrder, toRecorded } from '../orders-recorded.event.js';
import type { BulkPurchaseWriter, EncodedBatch } from './bulk-purchase.writer.js';
import { addRejection, emptyReport, type ImportReport, type StageTimings } from './import-report.js';
import type { PseudonymCache } from './pseudonym.cache.js';

/** What one import run needs from the rest of the module. */
export interface ImportRunDeps {
  reader: RecordReader;
  writer: BulkPurchaseWriter;
  cache: PseudonymCache;
  /** Pseudonyms of the ids, and the ids of customers erased at their request (not created again). */
  resolve: (customerIds: string[]) => Promise<{ pseudonyms: Map<string, string>; suppressed: Set<string> }>;
  onOrdersRecorded: (orders: RecordedOrder[]) => Promise<void>;
  batchOrders: number;
  maxLineBytes: number;
  maxRejections: number;
}

/** Batches being prepared or written while the next one is parsed. */
const MAX_IN_FLIGHT = 2;
/** Longest stretch of synchronous work before the event loop gets a turn (see {@link ImportRun}). */
const SLICE_MS = 4;
/** New customers pseudonymized per round trip: bounds how long sealing them blocks the loop. */
const RESOLVE_SLICE = 2000;
/** A batch also closes at this many lines per order of IMPORT_BATCH_ORDERS: orders of 500 items must not make it 50 times bigger. */
const LINES_PER_ORDER_BOUND = 20;

/**
 * One import, from a byte stream to stored orders, as a three-stage pipeline: while batch n is
 * written by PostgreSQL, batch n+1 is pseudonymized and encoded and batch n+2 parsed, so the
 * database and Node work at the same time, and memory stays flat (three batches at most). That only works if Node keeps feeding
 * the COPY in progress: the socket is written by the event loop, so CPU-bound work here yields to
 * it every few milliseconds (a loopback socket buffer lasts PostgreSQL a few milliseconds only).
 * A failed write stops the run; batches committed before it stay (re-running the import only
 * adds what is missing).
 */
export class ImportRun {
  readonly report: ImportReport = emptyReport();
  private batch = new OrderBatch();
  /** Settles when the last batch handed on is pseudonymized and encoded. */
  private lastPrepared: Promise<void> = Promise.resolve();
  /** Batches handed on and not yet stored, oldest first. */
  private readonly inFlight: Array<Promise<void>> = [];
  private readonly sink: RecordSink = {
    order: (parsed) => this.batch.add(parsed),
    reject: (rejection) => addRejection(this.report, rejection, this.deps.maxRejections),
  };

  constructor(private readonly deps: ImportRunDeps) {}

  async run(source: AsyncIterable<Buffer | string>): Promise<ImportReport> {
    const started = performance.now();
    const splitter = new LineSplitter(this.deps.maxLineBytes);
    const onLine = (no: number, text: string | undefined) => this.deps.reader.accept(no, text, this.sink);
    let sliceStart = performance.now();
    try {
      for await (const chunk of source) {
        this.parse(() => splitter.push(chunk, onLine));
        if (this.batchIsFull()) await this.dispatch();
        if (performance.now() - sliceStart > SLICE_MS) {
          await nextTurn();
          sliceStart = performance.now();
        }
      }
    } catch (error) {
      // The input broke (a client hung up): let the batch being written settle before reporting.
      await Promise.allSettled(this.inFlight);
      throw error;
    }
    this.parse(() => {
      splitter.end(onLine);
      this.deps.reader.end(this.sink);
    });
    this.report.lines = splitter.linesRead;
    await this.dispatch();
    await this.waitAll();
    this.report.timings.totalMs = performance.now() - started;
    return this.report;
  }

  private batchIsFull(): boolean {
    return this.batch.size >= this.deps.batchOrders || this.batch.lineCount >= this.deps.batchOrders * LINES_PER_ORDER_BOUND;
  }

  private parse(work: () => void): void {
    const start = performance.now();
    work();
    this.report.timings.parseMs += performance.now() - start;
  }

  /**
   * Hands the batch collected so far on: it is pseudonymized and encoded at once (while the
   * previous batch may still be written), then written after the previous one. At most two
   * batches are in flight besides the one being parsed, which bounds memory.
   */
  private async dispatch(): Promise<void> {
    const batch = this.batch;
    this.batch = new OrderBatch();
    if (batch.size === 0) return;
    while (this.inFlight.length >= MAX_IN_FLIGHT) await this.waitOldest();
    // One batch prepares at a time, so that a customer new to both is created once, by the first.
    const prepared = this.lastPrepared.then(() => this.prepare(batch));
    this.lastPrepared = prepared.then(
      () => undefined,
      () => undefined,
    );
    const previous = this.inFlight.at(-1);
    const stored = (async () => {
      const encoded = await prepared;
      await previous; // batches commit in order; a failed one stops those after it
      await this.store(batch, encoded);
    })();
    // Awaited later; until then a failure must not count as unhandled.
    stored.catch(() => undefined);
    this.inFlight.push(stored);
  }

  private async prepare(batch: OrderBatch): Promise<EncodedBatch> {
    const orders = await this.timed('pseudonymizeMs', () => this.pseudonymize(batch));
    const encoded = await this.deps.writer.encode(orders);
    this.report.timings.encodeMs += encoded.encodeMs;
    return encoded;
  }

  private async waitOldest(): Promise<void> {
    const start = performance.now();
    try {
      await this.inFlight.shift();
    } finally {
      this.report.timings.waitMs += performance.now() - start;
    }
  }

  private async waitAll(): Promise<void> {
    while (this.inFlight.length > 0) await this.waitOldest();
  }

  private async pseudonymize(batch: OrderBatch): Promise<PseudonymousOrder[]> {
    const known = new Map<string, string>();
    const missing: string[] = [];
    for (const id of batch.customerIds()) {
      const pseudonym = this.deps.cache.get(id);
      if (pseudonym) known.set(id, pseudonym);
      else missing.push(id);
    }
    const suppressed = new Set<string>();
    for (let i = 0; i < missing.length; i += RESOLVE_SLICE) {
      const resolved = await this.deps.resolve(missing.slice(i, i + RESOLVE_SLICE));
      this.deps.cache.addAll(resolved.pseudonyms);
      for (const [id, pseudonym] of resolved.pseudonyms) known.set(id, pseudonym);
      for (const id of resolved.suppressed) suppressed.add(id);
    }
    if (suppressed.size > 0) this.refuseSuppressed(batch, suppressed);
    return batch.entries.map(({ parsed: { order: o } }) => {
      const pseudonym = known.get(o.customerId);
      if (!pseudonym) throw new Error('a customer id of the batch was not pseudonymized');
      return {
        pseudonym,
        orderId: o.orderId,
        purchasedAt: o.purchasedAt,
        channel: o.channel,
        storeId: o.storeId,
        items: o.items,
        itemsHash: o.itemsHash,
      };
    });
  }

  /** The orders of customers erased at their request leave the batch, each line rejected. */
  private refuseSuppressed(batch: OrderBatch, suppressed: Set<string>): void {
    const message = 'customerId: this customer was erased at their request; the order is not recorded';
    const kept = batch.entries.filter((entry) => {
      if (!suppressed.has(entry.parsed.order.customerId)) return true;
      for (const parsed of [entry.parsed, ...entry.copies])
        for (const line of parsed.lines) addRejection(this.report, { line, code: 'CUSTOMER_SUPPRESSED', message }, this.deps.maxRejections);
      return false;
    });
    batch.entries.splice(0, batch.entries.length, ...kept);
  }

  private async store(batch: OrderBatch, encoded: EncodedBatch): Promise<void> {
    if (encoded.orders.length === 0) return; // every order of the batch was refused
    const { outcomes, timings } = await this.deps.writer.write(encoded);
    this.report.timings.copyMs += timings.copyMs;
    this.report.timings.mergeMs += timings.mergeMs;
    this.report.batches += 1;
    const recorded: RecordedOrder[] = [];
    batch.entries.forEach((entry, i) => {
      this.settle(entry.parsed, outcomes[i]);
      for (const copy of entry.copies) this.settle(copy, copyOutcome(entry.parsed, copy, outcomes[i]));
      if (outcomes[i] === 'created') recorded.push(toRecorded(encoded.orders[i]));
    });
    await this.timed('hookMs', () => this.deps.onOrdersRecorded(recorded));
  }

  private settle(parsed: ParsedOrder, outcome: OrderOutcome): void {
    switch (outcome) {
      case 'created':
        this.report.accepted += 1;
        this.report.acceptedLines += parsed.lines.length;
        this.report.acceptedItems += parsed.order.items.length;
        return;
      case 'duplicate':
        this.report.duplicates += 1;
        return;
      case 'conflict':
        for (const line of parsed.lines) {
          const message = `order ${parsed.order.orderId} is already recorded with another customer or other items`;
          addRejection(this.report, { line, code: 'CONFLICT', message }, this.deps.maxRejections);
        }
        return;
    }
  }

  private async timed<T>(stage: keyof StageTimings, work: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await work();
    } finally {
      this.report.timings[stage] += performance.now() - start;
    }
  }
}
