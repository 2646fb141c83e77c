import { csvInteger, isCsvHeader, isExpectedHeader, splitCsvLine } from './csv.js';
import type { Line } from './line-splitter.js';
import { checkPurchase, type PurchaseInput } from './order.js';
import { PURCHASE_LIMITS } from './purchase-limits.js';
import { invalid, type ReaderDeps, type RecordReader, type RecordSink, type Rejection, tooLong } from './record-reader.js';

interface Row {
  line: number;
  fields: string[];
}

/** The lines of one order as they come; `bad` keeps the reasons of the lines already refused. */
interface Group {
  orderId: string;
  rows: Row[];
  lines: number[];
  bad: Rejection[];
}

/**
 * CSV, one line per purchased item, the lines of an order next to each other. A group of adjacent
 * lines with the same orderId is one order; any bad line rejects the whole group, each of its lines
 * reported. A header line is optional.
 */
export class CsvReader implements RecordReader {
  private group: Group | undefined;
  private firstLine = true;

  constructor(private readonly deps: ReaderDeps) {}

  accept(line: Line, sink: RecordSink): void {
    if (line.text === undefined) return this.attach(undefined, line.no, tooLong(line.no, this.deps.maxLineBytes), sink);
    if (line.text.trim() === '') return;
    const fields = splitCsvLine(line.text);
    if (this.firstLine) {
      this.firstLine = false;
      if (fields && isCsvHeader(fields)) {
        if (!isExpectedHeader(fields)) sink.reject(invalid(line.no, '', 'header must be customerId,orderId,purchasedAt,channel,sku,quantity[,unitPriceCents]'));
        return;
      }
    }
    if (!fields || fields.length < 6 || fields.length > 7) {
      const reason = invalid(line.no, '', fields ? `expected 6 or 7 columns, found ${fields.length}` : 'unterminated quoted field');
      return this.attach(fields?.[1], line.no, reason, sink);
    }
    this.attach(fields[1], line.no, undefined, sink, fields);
  }

  end(sink: RecordSink): void {
    if (this.group) this.flush(this.group, sink);
    this.group = undefined;
  }

  /** Adds a line to the current order, starting a new one when the orderId changes. */
  private attach(orderId: string | undefined, no: number, bad: Rejection | undefined, sink: RecordSink, fields?: string[]): void {
    // A line whose orderId cannot be read belongs to the order around it, if any.
    const id = orderId ?? this.group?.orderId ?? `\u0000line-${no}`;
    if (this.group && this.group.orderId !== id) {
      this.flush(this.group, sink);
      this.group = undefined;
    }
    this.group ??= { orderId: id, rows: [], lines: [], bad: [] };
    const group = this.group;
    group.lines.push(no);
    if (bad) group.bad.push(bad);
    else if (group.rows.length >= PURCHASE_LIMITS.maxItems) group.bad.push(invalid(no, '', `an order has at most ${PURCHASE_LIMITS.maxItems} items`));
    else if (fields) group.rows.push({ line: no, fields });
  }

  private flush(group: Group, sink: RecordSink): void {
    const problem = group.bad[0] ?? this.validate(group, sink);
    if (!problem) return;
    const reasons = new Map(group.bad.map((r) => [r.line, r]));
    reasons.set(problem.line, problem);
    for (const no of group.lines) {
      sink.reject(reasons.get(no) ?? invalid(no, '', `rejected with its order: line ${problem.line} is invalid`));
    }
  }

  /** Builds and checks the order; emits it when valid, else returns the first bad line. */
  private validate(group: Group, sink: RecordSink): Rejection | undefined {
    const [first] = group.rows;
    const [customerId, orderId, purchasedAt, channel] = first.fields;
    for (const row of group.rows) {
      const f = row.fields;
      if (f[0] !== customerId || f[2] !== purchasedAt || f[3] !== channel) {
        return invalid(row.line, '', 'customerId, purchasedAt and channel must be the same on every line of an order');
      }
    }
    const record = {
      customerId,
      orderId,
      purchasedAt,
      channel,
      items: group.rows.map(({ fields }) => ({ sku: fields[4], quantity: csvInteger(fields[5]), ...price(fields[6]) })),
    };
    const shaped = this.deps.shape(record);
    if (!shaped.ok) return this.locate(group, shaped.issue.path, shaped.issue.message);
    const checked = checkPurchase(shaped.value as PurchaseInput, this.deps.clock);
    if (!checked.ok) return invalid(first.line, checked.issue.field, checked.issue.message);
    sink.order({ order: checked.value, lines: group.lines });
    return undefined;
  }

  /** Maps a schema path (`items.3.quantity`) back to the CSV line and column it came from. */
  private locate(group: Group, path: string, message: string): Rejection {
    const item = /^items\.(\d+)\.?(.*)$/.exec(path);
    if (item) return invalid(group.rows[Number(item[1])].line, item[2] || 'item', message);
    return invalid(group.rows[0].line, path, message);
  }
}

function price(field: string | undefined): { unitPriceCents?: number | string } {
  const value = csvInteger(field);
  return value === undefined ? {} : { unitPriceCents: value };
}
