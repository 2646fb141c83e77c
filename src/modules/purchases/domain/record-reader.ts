import { checkPurchase, type PurchaseClock, type ValidOrder } from './order.js';
import type { PurchaseShapeCheck } from './purchase-schema.js';

/** Why a line was not loaded; codes are the contract's error codes. */
export type RejectionCode = 'VALIDATION_FAILED' | 'PAYLOAD_TOO_LARGE' | 'CONFLICT' | 'CUSTOMER_SUPPRESSED' | 'RETENTION_EXPIRED';

export interface Rejection {
  line: number;
  code: RejectionCode;
  message: string;
}

/** A valid order and the line numbers it came from (one for NDJSON, one per item for CSV). */
export interface ParsedOrder {
  order: ValidOrder;
  lines: number[];
}

/** Where a reader puts what it makes of the lines. */
export interface RecordSink {
  order(parsed: ParsedOrder): void;
  reject(rejection: Rejection): void;
}

/**
 * Turns numbered lines into orders and rejections; `end` flushes what a format holds back. A line
 * without text exceeded the length limit.
 */
export interface RecordReader {
  accept(no: number, text: string | undefined, sink: RecordSink): void;
  end(sink: RecordSink): void;
}

export interface ReaderDeps {
  shape: PurchaseShapeCheck;
  clock: PurchaseClock;
  maxLineBytes: number;
}

export function tooLong(line: number, maxLineBytes: number): Rejection {
  return { line, code: 'PAYLOAD_TOO_LARGE', message: `line longer than ${maxLineBytes} bytes` };
}

/** NDJSON: one purchase (the `POST /v1/purchases` body) per line; blank lines are ignored. */
export class NdjsonReader implements RecordReader {
  constructor(private readonly deps: ReaderDeps) {}

  accept(no: number, text: string | undefined, sink: RecordSink): void {
    if (text === undefined) return sink.reject(tooLong(no, this.deps.maxLineBytes));
    if (text.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return sink.reject({ line: no, code: 'VALIDATION_FAILED', message: 'malformed JSON' });
    }
    const shaped = this.deps.shape(value);
    if (!shaped.ok) return sink.reject(invalid(no, shaped.issue.path, shaped.issue.message));
    const checked = checkPurchase(shaped.value, this.deps.clock);
    if (!checked.ok) return sink.reject(invalid(no, checked.issue.field, checked.issue.message, checked.issue.code));
    sink.order({ order: checked.value, lines: [no] });
  }

  end(): void {}
}

export function invalid(line: number, field: string, message: string, code: RejectionCode = 'VALIDATION_FAILED'): Rejection {
  return { line, code, message: field ? `${field}: ${message}` : message };
}
