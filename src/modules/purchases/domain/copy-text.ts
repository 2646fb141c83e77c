/**
 * PostgreSQL COPY text format, written straight into bytes. The import encodes a million rows per
 * million lines: building them as JavaScript strings first (template literals, then a join) cost
 * more than parsing the input and fed the garbage collector; here a row costs a few native copies.
 */

const TAB = 0x09;
const NEWLINE = 0x0a;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const NULL_MARK = Buffer.from('\\N');
const NULL_ELEMENT = Buffer.from('NULL');
/** What an array literal would read as structure (or a NULL) in an unquoted element. */
const ARRAY_SPECIAL = /[{}",\\\s]/;

/** Identifiers are validated free of control characters; the backslash still needs escaping. */
export function needsEscape(value: string): boolean {
  return value.includes('\\') || value.includes('\t') || value.includes('\n') || value.includes('\r');
}

export function escapeCopy(value: string): string {
  return value.replaceAll('\\', '\\\\').replaceAll('\t', '\\t').replaceAll('\n', '\\n').replaceAll('\r', '\\r');
}

/** An element of an array literal: quoted (and its quotes and backslashes escaped) when needed. */
export function arrayElement(value: string): string {
  const plain = value.length > 0 && !ARRAY_SPECIAL.test(value) && !(value.length === 4 && value.toUpperCase() === 'NULL');
  return plain ? value : `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}

/**
 * Appends fields and rows to a list of buffers of about `chunkBytes` each (COPY data may be cut
 * anywhere, rows included). Call `field…` for each column, `endRow()` after the last one.
 */
export class CopyWriter {
  private readonly chunks: Buffer[] = [];
  private current: Buffer;
  private offset = 0;
  private startOfRow = true;
  rows = 0;

  constructor(private readonly chunkBytes = 1 << 20) {
    this.current = Buffer.allocUnsafe(chunkBytes);
  }

  text(value: string): this {
    const safe = needsEscape(value) ? escapeCopy(value) : value;
    this.separate(safe.length * 3);
    this.offset += this.current.write(safe, this.offset, 'utf8');
    return this;
  }

  nullableText(value: string | null): this {
    return value === null ? this.bytes(NULL_MARK) : this.text(value);
  }

  /** Pre-encoded bytes of a field (or of several, tabs included), e.g. an order's common columns. */
  bytes(value: Buffer): this {
    this.separate(value.length);
    this.current.set(value, this.offset);
    this.offset += value.length;
    return this;
  }

  /** A non-negative safe integer, digit by digit (no string made). */
  int(value: number): this {
    this.separate(16);
    this.digits(value);
    return this;
  }

  nullableInt(value: number | null): this {
    return value === null ? this.bytes(NULL_MARK) : this.int(value);
  }

  /** The decimal digits of a non-negative safe integer, written in place (room already reserved). */
  private digits(value: number): void {
    let digits = 1;
    for (let v = value; v >= 10; v = Math.floor(v / 10)) digits += 1;
    let v = value;
    for (let i = this.offset + digits - 1; i >= this.offset; i--) {
      this.current[i] = 0x30 + (v % 10);
      v = Math.floor(v / 10);
    }
    this.offset += digits;
  }

  /** A text[] field (`{a,b}`), elements quoted where the array syntax needs it. */
  textArray(values: readonly string[]): this {
    this.separate(1);
    this.current[this.offset++] = OPEN_BRACE;
    for (let i = 0; i < values.length; i++) {
      const element = arrayElement(values[i]);
      const safe = needsEscape(element) ? escapeCopy(element) : element;
      // A field may span two chunks: COPY data can be cut anywhere.
      this.reserve(safe.length * 3 + 2);
      if (i > 0) this.current[this.offset++] = COMMA;
      this.offset += this.current.write(safe, this.offset, 'utf8');
    }
    this.reserve(1);
    this.current[this.offset++] = CLOSE_BRACE;
    return this;
  }

  /** An integer[] field (`{1,NULL,3}`) of non-negative safe integers. */
  intArray(values: readonly (number | null)[]): this {
    this.separate(1);
    this.current[this.offset++] = OPEN_BRACE;
    for (let i = 0; i < values.length; i++) {
      this.reserve(17);
      if (i > 0) this.current[this.offset++] = COMMA;
      const value = values[i];
      if (value === null) {
        this.current.set(NULL_ELEMENT, this.offset);
        this.offset += NULL_ELEMENT.length;
      } else {
        this.digits(value);
      }
    }
    this.reserve(1);
    this.current[this.offset++] = CLOSE_BRACE;
    return this;
  }

  endRow(): void {
    this.reserve(1);
    this.current[this.offset++] = NEWLINE;
    this.startOfRow = true;
    this.rows += 1;
  }

  /** The buffers written, the last partial one included. */
  finish(): Buffer[] {
    if (this.offset > 0) this.chunks.push(this.current.subarray(0, this.offset));
    this.current = Buffer.alloc(0);
    this.offset = 0;
    return this.chunks;
  }

  /** A tab before every field but the first of a row, and room for `bytes` more. */
  private separate(bytes: number): void {
    this.reserve(bytes + 1);
    if (!this.startOfRow) this.current[this.offset++] = TAB;
    this.startOfRow = false;
  }

  private reserve(bytes: number): void {
    if (this.offset + bytes <= this.current.length) return;
    if (this.offset > 0) this.chunks.push(this.current.subarray(0, this.offset));
    this.current = Buffer.allocUnsafe(Math.max(this.chunkBytes, bytes));
    this.offset = 0;
  }
}
