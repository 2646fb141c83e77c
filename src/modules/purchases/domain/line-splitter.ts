import { StringDecoder } from 'node:string_decoder';

/** One line of a streamed body or file; `text` is absent when the line exceeded the limit. */
export interface Line {
  no: number;
  text?: string;
}

/**
 * Cuts a byte stream into numbered lines, holding at most one line in memory: a line longer than
 * `maxLineBytes` is reported (without its text) and skipped up to the next newline, so a stream
 * without newlines cannot make the reader buffer it whole. Handles `\n` and `\r\n`, and UTF-8
 * characters split across chunks. Push chunks in, take the complete lines out.
 */
export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private partial = '';
  private skipping = false;
  private lineNo = 0;

  constructor(private readonly maxLineBytes: number) {}

  /** Lines completed by this chunk (possibly none). */
  push(chunk: Buffer | string): Line[] {
    const text = typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    const out: Line[] = [];
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      this.emit(this.partial + text.slice(start, nl), out);
      this.partial = '';
      start = nl + 1;
    }
    this.carry(text.slice(start));
    return out;
  }

  /** The last line, when the stream does not end with a newline. */
  end(): Line[] {
    const out: Line[] = [];
    const rest = this.partial + this.decoder.end();
    this.partial = '';
    if (rest.length > 0 || this.skipping) this.emit(rest, out);
    return out;
  }

  /** Lines seen so far, the one in progress excluded. */
  get linesRead(): number {
    return this.lineNo;
  }

  private emit(raw: string, out: Line[]): void {
    this.lineNo += 1;
    if (this.skipping) {
      this.skipping = false;
      out.push({ no: this.lineNo });
      return;
    }
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    out.push(this.tooLong(text) ? { no: this.lineNo } : { no: this.lineNo, text });
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
