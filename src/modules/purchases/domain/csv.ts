/** The CSV import's columns, in order (`unitPriceCents` may be left out). */
export const CSV_COLUMNS = ['customerId', 'orderId', 'purchasedAt', 'channel', 'sku', 'quantity', 'unitPriceCents'] as const;

/**
 * Splits one CSV line into fields (RFC 4180: fields may be quoted, `""` is a quote inside quotes).
 * Records span one line: a quoted field cannot hold a newline here. Returns undefined for an
 * unterminated quote.
 */
export function splitCsvLine(line: string): string[] | undefined {
  if (!line.includes('"')) return line.split(',');
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      const end = quotedEnd(line, i + 1);
      if (end === -1) return undefined;
      fields.push(line.slice(i + 1, end).replaceAll('""', '"'));
      i = end + 1;
      if (i < line.length && line[i] !== ',') return undefined;
    } else {
      const comma = line.indexOf(',', i);
      const end = comma === -1 ? line.length : comma;
      fields.push(line.slice(i, end));
      i = end;
    }
    if (i >= line.length) return fields;
    i += 1; // the comma
    if (i === line.length) {
      fields.push('');
      return fields;
    }
  }
}

/** Index of the quote closing a field opened before `from`, skipping doubled quotes; -1 if none. */
function quotedEnd(line: string, from: number): number {
  let i = from;
  for (;;) {
    const q = line.indexOf('"', i);
    if (q === -1) return -1;
    if (line[q + 1] !== '"') return q;
    i = q + 2;
  }
}

/** Whether a first line is the optional header (named columns, not data). */
export function isCsvHeader(fields: readonly string[]): boolean {
  return fields[0]?.trim().toLowerCase() === 'customerid';
}

/** Whether a header names the contract's columns in the contract's order. */
export function isExpectedHeader(fields: readonly string[]): boolean {
  const names = fields.map((f) => f.trim().toLowerCase());
  const expected = CSV_COLUMNS.map((c) => c.toLowerCase());
  return (names.length === 6 || names.length === 7) && names.every((n, i) => n === expected[i]);
}
