import type { ParsedOrder } from './record-reader.js';

/** What became of an order sent to the store. */
export type OrderOutcome = 'created' | 'duplicate' | 'conflict';

/** An order of a batch and the later records of the same batch that carried the same orderId. */
export interface BatchEntry {
  parsed: ParsedOrder;
  copies: ParsedOrder[];
}

/**
 * The orders of one import batch, each orderId once: the database merge needs unique keys, and
 * a file that repeats an order must count the repeat as a duplicate (or a conflict), not store it.
 */
export class OrderBatch {
  readonly entries: BatchEntry[] = [];
  private readonly byId = new Map<string, BatchEntry>();
  private lines = 0;

  add(parsed: ParsedOrder): void {
    this.lines += parsed.lines.length;
    const entry = this.byId.get(parsed.order.orderId);
    if (entry) {
      entry.copies.push(parsed);
      return;
    }
    const created = { parsed, copies: [] };
    this.byId.set(parsed.order.orderId, created);
    this.entries.push(created);
  }

  get size(): number {
    return this.entries.length;
  }

  get lineCount(): number {
    return this.lines;
  }

  /** Distinct (normalized) customer ids of the batch, for one pseudonymization round trip. */
  customerIds(): string[] {
    return [...new Set(this.entries.map((e) => e.parsed.order.customerId))];
  }
}

/**
 * The outcome of a repeated record, given what happened to the first one: the same customer and
 * items repeat it (and share its fate when it conflicted), anything else conflicts with it.
 */
export function copyOutcome(first: ParsedOrder, copy: ParsedOrder, firstOutcome: OrderOutcome): OrderOutcome {
  const same = copy.order.customerId === first.order.customerId && copy.order.itemsHash === first.order.itemsHash;
  if (!same) return 'conflict';
  return firstOutcome === 'conflict' ? 'conflict' : 'duplicate';
}
