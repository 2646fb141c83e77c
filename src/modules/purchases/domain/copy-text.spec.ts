import { CopyWriter, escapeCopy } from './copy-text.js';

const text = (chunks: Buffer[]) => Buffer.concat(chunks).toString('utf8');

describe('CopyWriter', () => {
  it('writes tab-separated rows with NULLs, integers and escaped text', () => {
    const writer = new CopyWriter();
    writer.text('a\\b\tc').int(0).int(1234567).nullableInt(null).nullableText(null).endRow();
    writer.bytes(Buffer.from('x\ty')).text('crème').endRow();
    expect(text(writer.finish())).toBe('a\\\\b\\tc\t0\t1234567\t\\N\t\\N\nx\ty\tcrème\n');
    expect(writer.rows).toBe(2);
  });

  it('spreads rows over chunks of about the size asked, cutting anywhere', () => {
    const writer = new CopyWriter(16);
    for (let i = 0; i < 10; i++) writer.text('abcdef').int(i).endRow();
    const chunks = writer.finish();
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks.every((c) => c.length <= 16)).toBe(true);
    expect(text(chunks)).toBe(Array.from({ length: 10 }, (_, i) => `abcdef\t${i}\n`).join(''));
  });

  it('escapes what COPY would read as structure', () => {
    expect(escapeCopy('a\\b\tc\nd\re')).toBe('a\\\\b\\tc\\nd\\re');
  });
});
