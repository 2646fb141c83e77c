import { CsvReader } from './csv-reader.js';
import { LineSplitter } from './line-splitter.js';
import { compilePurchaseSchema } from './purchase-schema.js';
import { NdjsonReader, type ParsedOrder, type RecordReader, type Rejection } from './record-reader.js';

const deps = { shape: compilePurchaseSchema(), clock: { now: Date.UTC(2026, 10, 29, 12), maxFutureSkewMs: 300_000 }, maxLineBytes: 4096 };

function read(reader: RecordReader, text: string): { orders: ParsedOrder[]; rejected: Rejection[] } {
  const orders: ParsedOrder[] = [];
  const rejected: Rejection[] = [];
  const sink = { order: (o: ParsedOrder) => orders.push(o), reject: (r: Rejection) => rejected.push(r) };
  const splitter = new LineSplitter(deps.maxLineBytes);
  const onLine = (no: number, line: string | undefined) => reader.accept(no, line, sink);
  splitter.push(text, onLine);
  splitter.end(onLine);
  reader.end(sink);
  return { orders, rejected };
}

const purchase = (over: Record<string, unknown> = {}) =>
  JSON.stringify({
    customerId: ' C-1 ',
    orderId: 'o1',
    purchasedAt: '2026-11-28T10:00:00Z',
    channel: 'store',
    items: [{ sku: 'milk', quantity: 2 }],
    ...over,
  });

describe('NdjsonReader', () => {
  it('keeps valid records, rejects bad ones with their line number and the field at fault', () => {
    const text = [
      purchase(),
      '',
      '{not json',
      purchase({ orderId: 'o2', items: [{ sku: 'milk', quantity: 0 }] }),
      purchase({ orderId: 'o3', extra: 1 }),
    ].join('\n');
    const { orders, rejected } = read(new NdjsonReader(deps), text);
    expect(orders.map((o) => [o.order.orderId, o.lines])).toEqual([['o1', [1]]]);
    expect(orders[0].order.customerId).toBe('C-1');
    expect(rejected).toEqual([
      { line: 3, code: 'VALIDATION_FAILED', message: 'malformed JSON' },
      { line: 4, code: 'VALIDATION_FAILED', message: 'items.0.quantity: must be >= 1' },
      { line: 5, code: 'VALIDATION_FAILED', message: 'extra: unknown field' },
    ]);
  });

  it('applies the semantic checks: future dates, impossible dates, bad customer ids', () => {
    const text = [
      purchase({ purchasedAt: '2026-11-30T10:00:00Z' }),
      purchase({ purchasedAt: '2026-02-30T10:00:00Z' }),
      purchase({ purchasedAt: '2026-11-28T10:00:00' }),
      purchase({ customerId: '   ' }),
    ].join('\n');
    const { orders, rejected } = read(new NdjsonReader(deps), text);
    expect(orders).toHaveLength(0);
    expect(rejected.map((r) => r.message)).toEqual([
      'purchasedAt: must not be in the future',
      expect.stringContaining('purchasedAt: must be an ISO-8601'),
      expect.stringContaining('purchasedAt: must be an ISO-8601'),
      expect.stringContaining('customerId: must be a customer id'),
    ]);
  });
});

describe('CsvReader', () => {
  const row = (order: string, sku: string, quantity = '1', extra = '') =>
    `cust-1,${order},2026-11-28T10:00:00Z,store,${sku},${quantity}${extra}`;

  it('groups adjacent lines into orders, after an optional header', () => {
    const text = [
      'customerId,orderId,purchasedAt,channel,sku,quantity,unitPriceCents',
      row('o1', 'milk', '2', ',99'),
      row('o1', 'bread'),
      row('o2', 'eggs'),
    ].join('\n');
    const { orders, rejected } = read(new CsvReader(deps), text);
    expect(rejected).toEqual([]);
    expect(orders.map((o) => [o.order.orderId, o.lines, o.order.items.length])).toEqual([
      ['o1', [2, 3], 2],
      ['o2', [4], 1],
    ]);
    expect(orders[0].order.items.find((i) => i.sku === 'milk')).toEqual({ sku: 'milk', quantity: 2, unitPriceCents: 99 });
  });

  it('rejects every line of an order when one of them is bad, naming the culprit', () => {
    const text = [row('o1', 'milk'), row('o1', 'bread', 'two'), row('o1', 'eggs'), row('o2', 'tea')].join('\n');
    const { orders, rejected } = read(new CsvReader(deps), text);
    expect(orders.map((o) => o.order.orderId)).toEqual(['o2']);
    expect(rejected).toEqual([
      { line: 1, code: 'VALIDATION_FAILED', message: 'rejected with its order: line 2 is invalid' },
      { line: 2, code: 'VALIDATION_FAILED', message: 'quantity: must be integer' },
      { line: 3, code: 'VALIDATION_FAILED', message: 'rejected with its order: line 2 is invalid' },
    ]);
  });

  it('rejects orders whose lines disagree, and lines with the wrong number of columns', () => {
    const text = [
      row('o1', 'milk'),
      'cust-2,o1,2026-11-28T10:00:00Z,store,bread,1',
      'cust-1,o2,2026-11-28T10:00:00Z,store',
      row('o3', 'tea'),
    ].join('\n');
    const { orders, rejected } = read(new CsvReader(deps), text);
    expect(orders.map((o) => o.order.orderId)).toEqual(['o3']);
    expect(rejected.map((r) => [r.line, r.message])).toEqual([
      [1, 'rejected with its order: line 2 is invalid'],
      [2, 'customerId, purchasedAt and channel must be the same on every line of an order'],
      [3, 'expected 6 or 7 columns, found 4'],
    ]);
  });
});
