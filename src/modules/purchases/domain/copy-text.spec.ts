import { arrayElement, CopyWriter, escapeCopy } from './copy-text.js';

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

  it('writes arrays: plain elements bare, NULL elements, and fields cut across chunks', () => {
    const writer = new CopyWriter(8);
    writer.textArray(['sku-1', 'sku-22', 'sku-333']).intArray([1, 20, 300]).intArray([null, 45, null]).endRow();
    expect(text(writer.finish())).toBe('{sku-1,sku-22,sku-333}\t{1,20,300}\t{NULL,45,NULL}\n');
  });

  it('quotes the array elements PostgreSQL would misread, then escapes backslashes for COPY', () => {
    expect(arrayElement('plain')).toBe('plain');
    expect(arrayElement('')).toBe('""');
    expect(arrayElement('null')).toBe('"null"');
    expect(arrayElement('a,b')).toBe('"a,b"');
    expect(arrayElement('{x}')).toBe('"{x}"');
    expect(arrayElement('two words')).toBe('"two words"');
    expect(arrayElement('say "hi"')).toBe('"say \\"hi\\""');
    const writer = new CopyWriter();
    writer.textArray(['a\\b']).endRow();
    // array literal "a\\b" (quoted, backslash doubled), then COPY doubles each backslash again
    expect(text(writer.finish())).toBe('{"a\\\\\\\\b"}\n');
  });
});
