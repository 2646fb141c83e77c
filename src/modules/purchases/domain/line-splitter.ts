import { StringDecoder } from 'node:string_decoder';

const BYTE_ORDER_MARK = 0xfeff;

/** Receives each line: its number, and its text unless it exceeded the limit. */
export type LineHandler = (no: number, text: string | undefined) => void;

/**
 * Cuts a byte stream into numbered lines, holding at most one line in memory: a line longer than
 * `maxLineBytes` is reported (without its text) and skipped up to the next newline, so a stream
 * without newlines cannot make the reader buffer it whole. Handles `\n` and `\r\n`, a UTF-8 byte-order mark at the start, and UTF-8
 * characters split across chunks. Push chunks in; complete lines go to the handler (no object per
 * line: a million-line import would make a million of them).
 */
export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private partial = '';
  private skipping = false;
  private lineNo = 0;

  constructor(private readonly maxLineBytes: number) {}

  /** Hands the lines this chunk completes (possibly none) to `onLine`. */
  push(chunk: Buffer | string, onLine: LineHandler): void {
    const text = typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      this.emit(this.partial.length > 0 ? this.partial + text.slice(start, nl) : text.slice(start, nl), onLine);
      this.partial = '';
      start = nl + 1;
    }
    this.carry(text.slice(start));
  }

  /** The last line, when the stream does not end with a newline. */
  end(onLine: LineHandler): void {
    const rest = this.partial + this.decoder.end();
    this.partial = '';
    if (rest.length > 0 || this.skipping) this.emit(rest, onLine);
  }

  /** Lines seen so far, the one in progress excluded. */
  get linesRead(): number {
    return this.lineNo;
  }

  private emit(raw: string, onLine: LineHandler): void {
    this.lineNo += 1;
    if (this.skipping) {
      this.skipping = false;
      return onLine(this.lineNo, undefined);
    }
    let text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    // A byte-order mark opens files saved by some editors and spreadsheets: not part of line 1.
    if (this.lineNo === 1 && text.charCodeAt(0) === BYTE_ORDER_MARK) text = text.slice(1);
    onLine(this.lineNo, this.tooLong(text) ? undefined : text);
  }

  private carry(rest: string): void {
    if (this.skipping) return;
    this.partial += rest;
    if (this.tooLong(this.partial)) {
      this.partial = '';
      this.skipping = true;
    }
  }

  /** UTF-8 length without encoding when the UTF-16 length already decides (a char is 1–3 bytes). */
  private tooLong(text: string): boolean {
    if (text.length * 3 <= this.maxLineBytes) return false;
    if (text.length > this.maxLineBytes) return true;
    return Buffer.byteLength(text, 'utf8') > this.maxLineBytes;
  }
}
