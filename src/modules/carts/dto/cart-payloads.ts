import { Ajv } from 'ajv';
import type { ErrorDetail } from '../../../common/errors/app-error.js';

// Payloads of the `/carts` client events, validated on every event by a function ajv compiles
// once per payload: no class instances, no decorators' metadata walk, nothing allocated when the
// payload is good. Each rule carries its JSON-schema fragment (the compiled check) and the same
// check in plain TypeScript with its message, used only to describe a refused payload, so that
// errors name every field at fault with the messages the HTTP validation pipe gives (unknown
// fields first, `unknown field`; a payload that is not an object: field `body`).

/** Skus are retailer codes: printable, no spaces at the ends, at most 64 characters. */
// eslint-disable-next-line no-control-regex -- the point is to refuse control characters
const SKU = /^[^\s\u0000-\u001f](?:[^\u0000-\u001f]{0,62}[^\s\u0000-\u001f])?$/;
const ORDER_ID = /^[\x21-\x7e]+$/;
/** Any RFC 4122 version 1-8, nil or max UUID, in either case. */
const UUID =
  /^(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}|00000000-0000-0000-0000-000000000000|[fF]{8}-[fF]{4}-[fF]{4}-[fF]{4}-[fF]{12})$/;
const MAX_QUANTITY = 10_000;

interface Rule {
  /** JSON-schema keywords of this check (merged into the field's schema). */
  schema: Record<string, unknown>;
  test(value: unknown): boolean;
  message(field: string): string;
}

interface Field {
  rules: Rule[];
  optional?: boolean;
}

const isString: Rule = { schema: { type: 'string' }, test: (v) => typeof v === 'string', message: (f) => `${f} must be a string` };
const isInt: Rule = {
  schema: { type: 'integer' },
  test: (v) => typeof v === 'number' && Number.isInteger(v),
  message: (f) => `${f} must be an integer number`,
};
const notEmpty: Rule = {
  schema: { minLength: 1 },
  test: (v) => v !== '' && v !== null && v !== undefined,
  message: (f) => `${f} should not be empty`,
};
const matches = (pattern: RegExp, message: string): Rule => ({
  schema: { type: 'string', pattern: pattern.source },
  test: (v) => typeof v === 'string' && pattern.test(v),
  message: () => message,
});
const min = (n: number): Rule => ({
  schema: { minimum: n },
  test: (v) => typeof v === 'number' && v >= n,
  message: (f) => `${f} must not be less than ${n}`,
});
const max = (n: number): Rule => ({
  schema: { maximum: n },
  test: (v) => typeof v === 'number' && v <= n,
  message: (f) => `${f} must not be greater than ${n}`,
});
const maxLength = (n: number): Rule => ({
  schema: { maxLength: n },
  // Only ever reached with printable ASCII accepted, where code points and UTF-16 units agree.
  test: (v) => typeof v === 'string' && [...v].length <= n,
  message: (f) => `${f} must be shorter than or equal to ${n} characters`,
});

const sku: Field = { rules: [matches(SKU, 'sku must be 1-64 printable characters'), isString] };
const quantity: Field = { rules: [max(MAX_QUANTITY), min(1), isInt], optional: true };

/** Every client event's payload, by event name (the public `/carts` protocol, docs/carts-and-reminders.md). */
const SPECS = {
  /** `{ sku, quantity? = 1 }`; the per-line maximum is CART_MAX_QUANTITY. */
  'cart:add': { sku, quantity },
  /** `{ sku, quantity? }`: without quantity, the whole line. */
  'cart:remove': { sku, quantity },
  'cart:clear': {},
  'cart:review': {},
  'cart:checkout': {
    orderId: { rules: [matches(ORDER_ID, 'orderId must be printable ASCII without spaces'), maxLength(128), notEmpty, isString] },
  },
  'reminder:dismiss': { sku },
  'offer:seen': { deliveryId: { rules: [matches(UUID, 'deliveryId must be a UUID')] } },
  'offer:dismiss': { deliveryId: { rules: [matches(UUID, 'deliveryId must be a UUID')] } },
} satisfies Record<string, Record<string, Field>>;

export type CartEventName = keyof typeof SPECS;

/** What each event's handler receives once its payload is valid. */
export interface CartPayloads {
  'cart:add': { sku: string; quantity?: number };
  'cart:remove': { sku: string; quantity?: number };
  'cart:clear': Record<string, never>;
  'cart:review': Record<string, never>;
  'cart:checkout': { orderId: string };
  'reminder:dismiss': { sku: string };
  'offer:seen': { deliveryId: string };
  'offer:dismiss': { deliveryId: string };
}

/**
 * Undefined when the payload is valid (it is then a `T`: the caller passes it on as it came,
 * nothing is allocated), else the details of everything wrong with it. Pass `undefined` and
 * `null` as {@link EMPTY_PAYLOAD}.
 */
export type PayloadCheck<T> = ((payload: unknown) => ErrorDetail[] | undefined) & { readonly __payload?: T };

/** What an event without payload (or with `null`) stands for. */
export const EMPTY_PAYLOAD: Readonly<Record<string, never>> = Object.freeze({});

/** One compiled check per event. */
export function compilePayloadChecks(): { [E in CartEventName]: PayloadCheck<CartPayloads[E]> } {
  const ajv = new Ajv({ allErrors: false, strict: true, unicodeRegExp: false });
  const out = {} as Record<string, PayloadCheck<unknown>>;
  for (const [event, fields] of Object.entries(SPECS) as Array<[string, Record<string, Field>]>) {
    const validate = ajv.compile(schemaOf(fields));
    out[event] = (payload) => (validate(payload) ? undefined : describe(fields, payload));
  }
  return out as { [E in CartEventName]: PayloadCheck<CartPayloads[E]> };
}

export function isCartEvent(event: unknown): event is CartEventName {
  // socket.io lets a client name an event with a number: only strings are cart events.
  return typeof event === 'string' && Object.prototype.hasOwnProperty.call(SPECS, event);
}

/** The JSON schema of one event's payload (also what the AsyncAPI document shows). */
export function schemaOf(fields: Record<string, Field>): object {
  const properties: Record<string, object> = {};
  for (const [name, field] of Object.entries(fields)) properties[name] = Object.assign({}, ...field.rules.map((r) => r.schema)) as object;
  const required = Object.entries(fields)
    .filter(([, f]) => !f.optional)
    .map(([name]) => name);
  return { type: 'object', additionalProperties: false, properties, ...(required.length ? { required } : {}) };
}

/** The cold path: names every field at fault, unknown ones first. */
export function describe(fields: Record<string, Field>, value: unknown): ErrorDetail[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [{ field: 'body', message: 'must be a JSON object' }];
  const record = value as Record<string, unknown>;
  const details: ErrorDetail[] = Object.keys(record)
    .filter((key) => !Object.prototype.hasOwnProperty.call(fields, key))
    .map((key) => ({ field: key, message: 'unknown field' }));
  for (const [name, field] of Object.entries(fields)) {
    const v = Object.prototype.hasOwnProperty.call(record, name) ? record[name] : undefined;
    if (field.optional && v === undefined) continue;
    for (const rule of field.rules) if (!rule.test(v)) details.push({ field: name, message: rule.message(name) });
  }
  // Never accept on the cold path what the compiled check refused (they agree; tested).
  return details.length ? details : [{ field: 'body', message: 'invalid payload' }];
}

/** For tests: the specs the compiled checks were built from. */
export const PAYLOAD_SPECS: Readonly<Record<CartEventName, Record<string, Field>>> = SPECS;
