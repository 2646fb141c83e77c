import { isCsvHeader, isExpectedHeader, splitCsvLine } from './csv.js';
import { checkPurchase } from './order.js';
import { PURCHASE_LIMITS } from './purchase-limits.js';
import { invalid, type ReaderDeps, type RecordReader, type RecordSink, type Rejection, tooLong } from './record-reader.js';

/** An item as read from its line; text where a number was expected, for the schema to refuse. */
interface CsvItem {
  sku: string;
  quantity: number | string;
  unitPriceCents: number | string | null;
}

/** The lines of one order as they come; `bad` keeps the reasons of the lines already refused. */
interface Group {
  orderId: string;
  /** `customerId,orderId,purchasedAt,channel,` as the first line wrote it: later lines must repeat it. */
  prefix: string;
  header: string[] | undefined;
  items: CsvItem[];
  itemLines: number[];
  lines: number[];
  bad: Rejection[];
}

const HEADER_FIELDS = 4;

/**
 * CSV, one line per purchased item, the lines of an order next to each other. A group of adjacent
 * lines with the same orderId is one order; any bad line rejects the whole group, each of its lines
 * reported. A header line is optional.
 *
 * Built for the import's hot loop: a line that starts with the current order's first four fields
 * is read from its last three only (no split, no intermediate strings), which is most lines.
 */
export class CsvReader implements RecordReader {
  private group: Group | undefined;
  private firstLine = true;

  constructor(private readonly deps: ReaderDeps) {}

  accept(no: number, text: string | undefined, sink: RecordSink): void {
    if (text === undefined) return this.attach(undefined, no, sink, tooLong(no, this.deps.maxLineBytes));
    if (this.group && text.startsWith(this.group.prefix) && !text.includes('"')) {
      const item = readItem(text, this.group.prefix.length);
      if (item) return this.add(this.group, no, item);
    }
    if (text.trim() === '') return;
    this.acceptSlow(text, no, sink);
  }

  end(sink: RecordSink): void {
    if (this.group) this.flush(this.group, sink);
    this.group = undefined;
  }

  /** A line that opens an order, is quoted, or is odd: split it whole. */
  private acceptSlow(text: string, no: number, sink: RecordSink): void {
    const fields = splitCsvLine(text);
    if (this.firstLine) {
      this.firstLine = false;
      if (fields && isCsvHeader(fields)) {
        if (!isExpectedHeader(fields))
          sink.reject(invalid(no, '', 'header must be customerId,orderId,purchasedAt,channel,sku,quantity[,unitPriceCents]'));
        return;
      }
    }
    if (!fields || fields.length < 6 || fields.length > 7) {
      const reason = invalid(no, '', fields ? `expected 6 or 7 columns, found ${fields.length}` : 'unterminated quoted field');
      return this.attach(fields?.[1], no, sink, reason);
    }
    this.attach(fields[1], no, sink, undefined, fields);
  }

  /** Adds a fully split line to the current order, starting a new one when the orderId changes. */
  private attach(orderId: string | undefined, no: number, sink: RecordSink, bad: Rejection | undefined, fields?: string[]): void {
    // A line whose orderId cannot be read belongs to the order around it, if any: loading that
    // order without it could store half an order.
    const id = orderId ?? this.group?.orderId ?? `\u0000line-${no}`;
    if (this.group && this.group.orderId !== id) {
      this.flush(this.group, sink);
      this.group = undefined;
    }
    const group = (this.group ??= { orderId: id, prefix: '\u0000', header: undefined, items: [], itemLines: [], lines: [], bad: [] });
    if (bad) {
      group.lines.push(no);
      group.bad.push(bad);
      return;
    }
    if (!fields) return;
    if (!group.header) {
      group.header = fields.slice(0, HEADER_FIELDS);
      group.prefix = fields.some((f) => f.includes(',') || f.includes('"')) ? '\u0000' : `${group.header.join(',')},`;
    } else if (fields.slice(0, HEADER_FIELDS).some((f, i) => f !== group.header?.[i])) {
      group.lines.push(no);
      group.bad.push(invalid(no, '', 'customerId, purchasedAt and channel must be the same on every line of an order'));
      return;
    }
    this.add(group, no, {
      sku: fields[4],
      quantity: integerOrText(fields[5]),
      unitPriceCents: fields[6] ? integerOrText(fields[6]) : null,
    });
  }

  private add(group: Group, no: number, item: CsvItem): void {
    group.lines.push(no);
    if (group.items.length >= PURCHASE_LIMITS.maxItems) {
      group.bad.push(invalid(no, '', `an order has at most ${PURCHASE_LIMITS.maxItems} items`));
      return;
    }
    group.items.push(item);
    group.itemLines.push(no);
  }

  private flush(group: Group, sink: RecordSink): void {
    const problem = group.bad.length > 0 ? (this.headerProblem(group) ?? group.bad[0]) : this.validate(group, sink);
    if (!problem) return;
    const reasons = new Map(group.bad.map((r) => [r.line, r]));
    reasons.set(problem.line, problem);
    for (const no of group.lines) {
      const code = problem.code === 'RETENTION_EXPIRED' ? problem.code : 'VALIDATION_FAILED';
      sink.reject(reasons.get(no) ?? invalid(no, '', `rejected with its order: line ${problem.line} is invalid`, code));
    }
  }

  /** Checks the order; emits it when valid, else returns the first bad line. */
  private validate(group: Group, sink: RecordSink): Rejection | undefined {
    const shaped = this.deps.shape(record(group));
    if (!shaped.ok) return this.locate(group, shaped.issue.path, shaped.issue.message);
    const checked = checkPurchase(shaped.value, this.deps.clock);
    if (!checked.ok) return invalid(group.itemLines[0], checked.issue.field, checked.issue.message, checked.issue.code);
    sink.order({ order: checked.value, lines: group.lines });
    return undefined;
  }

  /** A bad order-level field of the first line: it explains the order better than lines that differ from it. */
  private headerProblem(group: Group): Rejection | undefined {
    if (!group.header) return undefined;
    const shaped = this.deps.shape(record(group));
    return !shaped.ok && !shaped.issue.path.startsWith('items') ? this.locate(group, shaped.issue.path, shaped.issue.message) : undefined;
  }

  /** Maps a schema path (`items.3.quantity`) back to the CSV line and column it came from. */
  private locate(group: Group, path: string, message: string): Rejection {
    const item = /^items\.(\d+)\.?(.*)$/.exec(path);
    if (item) return invalid(group.itemLines[Number(item[1])], item[2] || 'item', message);
    return invalid(group.itemLines[0], path, message);
  }
}

function record(group: Group): Record<string, unknown> {
  const [customerId, orderId, purchasedAt, channel] = group.header ?? [];
  return { customerId, orderId, purchasedAt, channel, items: group.items };
}

/**
 * `sku,quantity[,unitPriceCents]` from `start` on: numbers read digit by digit, without building
 * strings. Undefined when the tail is not that simple (the caller then splits the line).
 */
function readItem(text: string, start: number): CsvItem | undefined {
  const skuEnd = text.indexOf(',', start);
  if (skuEnd <= start) return undefined;
  const qtyEnd = text.indexOf(',', skuEnd + 1);
  const quantity = digits(text, skuEnd + 1, qtyEnd === -1 ? text.length : qtyEnd);
  if (quantity === undefined) return undefined;
  if (qtyEnd === -1) return { sku: text.slice(start, skuEnd), quantity, unitPriceCents: null };
  if (text.indexOf(',', qtyEnd + 1) !== -1) return undefined;
  const price = qtyEnd + 1 === text.length ? null : digits(text, qtyEnd + 1, text.length);
  if (price === undefined) return undefined;
  return { sku: text.slice(start, skuEnd), quantity, unitPriceCents: price };
}

/** The non-negative integer written in text[from, to), or undefined (empty, sign, other characters, too long). */
function digits(text: string, from: number, to: number): number | undefined {
  if (to <= from || to - from > 15) return undefined;
  let value = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return undefined;
    value = value * 10 + c;
  }
  return value;
}

function integerOrText(field: string | undefined): number | string {
  return field !== undefined && /^-?\d{1,15}$/.test(field) ? Number(field) : (field ?? '');
}
