import { isUtf8 } from 'node:buffer';

/**
 * How deeply a JSON body may nest. The deepest request of the contract nests four levels
 * (a campaign's audience rules); class-transformer walks bodies recursively, and a body of a few
 * kilobytes nested some thousands deep overflowed its stack: a 500 instead of a 400.
 */
export const MAX_JSON_DEPTH = 32;

/** The error body-parser passes on (as its `type`), mapped to a 400 naming `body`. */
export const JSON_TOO_DEEP = 'entity.too.deep';
/** Likewise, for a body declared UTF-8 whose bytes are not. */
export const JSON_NOT_UTF8 = 'entity.invalid.utf8';

const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * The deepest nesting of objects and arrays in raw JSON text, stopping as soon as it passes
 * `limit` (brackets inside strings do not count). One pass over the bytes, no parsing: it runs
 * before JSON.parse, on text that may not even be valid JSON.
 */
export function jsonNestingDepth(raw: Uint8Array, limit = Infinity): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const byte = raw[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > limit) return deepest;
      }
    } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
      depth--;
    }
  }
  return deepest;
}

/** body-parser's `verify` hook: refuses a body nested deeper than MAX_JSON_DEPTH before it is parsed. */
export function refuseDeepJson(_req: unknown, _res: unknown, raw: Buffer): void {
  if (jsonNestingDepth(raw, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    throw Object.assign(new Error(`JSON nested deeper than ${MAX_JSON_DEPTH} levels`), { status: 400, type: JSON_TOO_DEEP });
  }
}

/**
 * body-parser's `verify` of every JSON body: valid UTF-8 (body-parser itself decodes invalid bytes
 * to U+FFFD without a word, so a name with them would be stored altered, and a route that reads no
 * body would act on one that is not even text), then nesting within {@link MAX_JSON_DEPTH}.
 */
export function verifyJsonBody(req: unknown, res: unknown, raw: Buffer, encoding?: string): void {
  if ((encoding === undefined || encoding.toLowerCase() === 'utf-8') && !isUtf8(raw)) {
    throw Object.assign(new Error('JSON body is not valid UTF-8'), { status: 400, type: JSON_NOT_UTF8 });
  }
  refuseDeepJson(req, res, raw);
}
