import { isCsvHeader, isExpectedHeader, splitCsvLine } from './csv.js';

describe('splitCsvLine', () => {
  it('splits plain and quoted fields', () => {
    expect(splitCsvLine('a,b,,c')).toEqual(['a', 'b', '', 'c']);
    expect(splitCsvLine('"a,1","say ""hi""",x')).toEqual(['a,1', 'say "hi"', 'x']);
    expect(splitCsvLine('a,"b",')).toEqual(['a', 'b', '']);
    expect(splitCsvLine('"",x')).toEqual(['', 'x']);
  });

  it('refuses broken quoting', () => {
    expect(splitCsvLine('a,"b')).toBeUndefined();
    expect(splitCsvLine('a,"b"c')).toBeUndefined();
  });
});

describe('CSV helpers', () => {
  it('recognises the header', () => {
    expect(isCsvHeader(['customerId', 'orderId'])).toBe(true);
    expect(isCsvHeader(['cust-1', 'o1'])).toBe(false);
    expect(isExpectedHeader('customerId,orderId,purchasedAt,channel,sku,quantity'.split(','))).toBe(true);
    expect(isExpectedHeader('customerId,orderId,purchasedAt,channel,sku,quantity,unitPriceCents'.split(','))).toBe(true);
    expect(isExpectedHeader('customerId,sku,orderId,purchasedAt,channel,quantity'.split(','))).toBe(false);
  });
});
