/**
 * PostgreSQL COPY text format. Identifiers are validated free of control characters, so only the
 * backslash needs escaping in practice; tabs and newlines are escaped anyway, never trusted.
 */
const SPECIAL = /[\\\t\n\r]/;

export function copyField(value: string | null): string {
  if (value === null) return '\\N';
  if (!SPECIAL.test(value)) return value;
  return value.replaceAll('\\', '\\\\').replaceAll('\t', '\\t').replaceAll('\n', '\\n').replaceAll('\r', '\\r');
}

/** Accumulates COPY rows into chunks of about `chunkChars` characters, for streaming. */
export class CopyBuffer {
  readonly chunks: string[] = [];
  private current = '';
  rows = 0;

  constructor(private readonly chunkChars = 1 << 20) {}

  /** Adds one row; fields must already be {@link copyField}-encoded. */
  row(line: string): void {
    this.current += line;
    this.current += '\n';
    this.rows += 1;
    if (this.current.length >= this.chunkChars) {
      this.chunks.push(this.current);
      this.current = '';
    }
  }

  /** The chunks, the last partial one included. */
  finish(): string[] {
    if (this.current) this.chunks.push(this.current);
    this.current = '';
    return this.chunks;
  }
}
