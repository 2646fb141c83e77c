import { jsonNestingDepth, MAX_JSON_DEPTH, refuseDeepJson, verifyJsonBody } from './json-depth.js';

const depthOf = (text: string, limit?: number) => jsonNestingDepth(Buffer.from(text), limit);

describe('jsonNestingDepth', () => {
  it('counts the deepest nesting of objects and arrays', () => {
    expect(depthOf('1')).toBe(0);
    expect(depthOf('{"a":1}')).toBe(1);
    expect(depthOf('{"a":[{"b":[1,2]},{}],"c":{}}')).toBe(4);
    expect(depthOf('[[]][[[]]]')).toBe(3);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(depthOf('{"a":"[[[{{{"}')).toBe(1);
    expect(depthOf('{"a":"\\"[[[","b":["\\\\"]}')).toBe(2);
  });

  it('stops counting once past the limit', () => {
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    expect(depthOf(deep)).toBe(10_000);
    expect(depthOf(deep, 5)).toBe(6);
  });
});

describe('refuseDeepJson', () => {
  it('lets the deepest allowed body through and refuses one level more with a 400', () => {
    const nested = (levels: number) => Buffer.from('['.repeat(levels) + ']'.repeat(levels));
    expect(() => refuseDeepJson(undefined, undefined, nested(MAX_JSON_DEPTH))).not.toThrow();
    expect(() => refuseDeepJson(undefined, undefined, nested(MAX_JSON_DEPTH + 1))).toThrow(
      expect.objectContaining({ status: 400, type: 'entity.too.deep' }),
    );
  });
});

describe('verifyJsonBody', () => {
  it('refuses a UTF-8 body whose bytes are not UTF-8, and still refuses depth', () => {
    const invalid = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]);
    expect(() => verifyJsonBody(undefined, undefined, invalid, 'utf-8')).toThrow(expect.objectContaining({ type: 'entity.invalid.utf8' }));
    expect(() => verifyJsonBody(undefined, undefined, Buffer.from('{"a":"é✓"}'), 'utf-8')).not.toThrow();
    const deep = Buffer.from('['.repeat(MAX_JSON_DEPTH + 1) + ']'.repeat(MAX_JSON_DEPTH + 1));
    expect(() => verifyJsonBody(undefined, undefined, deep, 'utf-8')).toThrow(expect.objectContaining({ type: 'entity.too.deep' }));
  });
});
