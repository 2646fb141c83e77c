import type { Rejection } from '../domain/record-reader.js';

/** Where an import's time went, in milliseconds. Stages overlap (see ImportRun), so they do not add up to `totalMs`. */
export interface StageTimings {
  /** Splitting lines, JSON/CSV parsing, schema and semantic checks, items hashing. */
  parseMs: number;
  /** Customer ids to pseudonyms (HMACs, lookups, bulk creation of new shoppers). */
  pseudonymizeMs: number;
  /** Building COPY text. */
  encodeMs: number;
  /** COPY of the orders, their lines as arrays, into staging. */
  copyMs: number;
  /** Partition checks, the set-based merge into orders, settling duplicates and conflicts, commit. */
  mergeMs: number;
  /** The listeners of OrdersRecordedEvent (habit profiles, conversions). */
  hookMs: number;
  /** Parsing stood still waiting for the previous batch's write to finish. */
  waitMs: number;
  totalMs: number;
}

/** The answer of `POST /v1/purchases/bulk` and `npm run import`. Counts are in orders, rejections in lines. */
export interface ImportReport {
  /** Orders stored by this import. */
  accepted: number;
  /** Orders already stored (or repeated in the input) with the same shopper and items. */
  duplicates: number;
  /** The first `maxRejections` rejected lines, in input order per batch. */
  rejected: Rejection[];
  /** Every rejected line, listed or not. */
  rejectedCount: number;
  /** Lines read (blank lines and a header included). */
  lines: number;
  /** Lines of the accepted orders. */
  acceptedLines: number;
  /** Purchased items of the accepted orders (one per line in CSV, many per line in NDJSON). */
  acceptedItems: number;
  batches: number;
  timings: StageTimings;
}

export function emptyReport(): ImportReport {
  return {
    accepted: 0,
    duplicates: 0,
    rejected: [],
    rejectedCount: 0,
    lines: 0,
    acceptedLines: 0,
    acceptedItems: 0,
    batches: 0,
    timings: { parseMs: 0, pseudonymizeMs: 0, encodeMs: 0, copyMs: 0, mergeMs: 0, hookMs: 0, waitMs: 0, totalMs: 0 },
  };
}

export function addRejection(report: ImportReport, rejection: Rejection, maxListed: number): void {
  report.rejectedCount += 1;
  if (report.rejected.length < maxListed) report.rejected.push(rejection);
}
