import { LineSplitter } from './line-splitter.js';

function split(chunks: Array<string | Buffer>, max = 64): Array<{ no: number; text?: string }> {
  const splitter = new LineSplitter(max);
  const lines: Array<{ no: number; text?: string }> = [];
  const onLine = (no: number, text: string | undefined) => lines.push(text === undefined ? { no } : { no, text });
  for (const chunk of chunks) splitter.push(chunk, onLine);
  splitter.end(onLine);
  return lines;
}

describe('LineSplitter', () => {
  it('numbers lines across chunk boundaries, with or without a final newline', () => {
    expect(split(['a\nb', 'c\r\n', 'd'])).toEqual([
      { no: 1, text: 'a' },
      { no: 2, text: 'bc' },
      { no: 3, text: 'd' },
    ]);
    expect(split(['a\n'])).toEqual([{ no: 1, text: 'a' }]);
    expect(split(['a\n\nb\n'])).toEqual([
      { no: 1, text: 'a' },
      { no: 2, text: '' },
      { no: 3, text: 'b' },
    ]);
  });

  it('decodes UTF-8 characters split between chunks', () => {
    const bytes = Buffer.from('crème\n');
    expect(split([bytes.subarray(0, 3), bytes.subarray(3)])).toEqual([{ no: 1, text: 'crème' }]);
  });

  it('reports a line over the limit without keeping it, and goes on with the next', () => {
    const long = 'x'.repeat(50);
    const lines = split(['ok\n', long, long, long, '\nfine\n'], 64);
    expect(lines).toEqual([{ no: 1, text: 'ok' }, { no: 2 }, { no: 3, text: 'fine' }]);
  });

  it('counts bytes, not characters', () => {
    expect(split(['é'.repeat(40) + '\n'], 64)).toEqual([{ no: 1 }]);
    expect(split(['é'.repeat(30) + '\n'], 64)).toEqual([{ no: 1, text: 'é'.repeat(30) }]);
  });

  it('reports an over-long last line without a newline', () => {
    expect(split(['y'.repeat(100)], 64)).toEqual([{ no: 1 }]);
  });

  it('drops a UTF-8 byte-order mark opening the first line only, even when split between chunks', () => {
    const bytes = Buffer.from('\uFEFF{"a":1}\n\uFEFFkept\n');
    expect(split([bytes.subarray(0, 2), bytes.subarray(2)])).toEqual([
      { no: 1, text: '{"a":1}' },
      { no: 2, text: '\uFEFFkept' },
    ]);
  });
});
