import { Ajv, type ErrorObject } from 'ajv';
import type { OrderInput, PurchaseInput } from './order.js';
import { CHANNELS, PRINTABLE_PATTERN, PURCHASE_LIMITS as L } from './purchase-limits.js';
import { ISO_TIMESTAMP_PATTERN } from './timestamp.js';

const identifier = (maxLength: number) => ({ type: 'string', minLength: 1, maxLength, pattern: PRINTABLE_PATTERN });
const nullable = <T extends { type: string }>(schema: T) => ({ ...schema, type: [schema.type, 'null'] });

/** JSON Schema of one order, whoever bought it (the cart checkout's order has no customer id). */
export const ORDER_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['orderId', 'purchasedAt', 'channel', 'items'],
  properties: {
    orderId: identifier(L.maxOrderIdLength),
    purchasedAt: { type: 'string', maxLength: 40, pattern: ISO_TIMESTAMP_PATTERN },
    channel: { enum: [...CHANNELS] },
    storeId: nullable(identifier(L.maxStoreIdLength)),
    items: {
      type: 'array',
      minItems: 1,
      maxItems: L.maxItems,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['sku', 'quantity'],
        properties: {
          sku: identifier(L.maxSkuLength),
          quantity: { type: 'integer', minimum: 1, maximum: L.maxQuantity },
          unitPriceCents: nullable({ type: 'integer', minimum: 0, maximum: L.maxUnitPriceCents }),
        },
      },
    },
  },
} as const;

/** JSON Schema of one purchase record of a bulk body or import file (the `POST /v1/purchases` body). */
export const PURCHASE_SCHEMA = {
  ...ORDER_SCHEMA,
  required: ['customerId', ...ORDER_SCHEMA.required],
  properties: { customerId: { type: 'string', minLength: 1, maxLength: L.maxCustomerIdLength }, ...ORDER_SCHEMA.properties },
} as const;

/** The first thing wrong with a record: `path` in the contract's dotted form (`items.0.quantity`). */
export interface SchemaIssue {
  path: string;
  message: string;
}

export type ShapeCheck<T> = (value: unknown) => { ok: true; value: T } | { ok: false; issue: SchemaIssue };
export type PurchaseShapeCheck = ShapeCheck<PurchaseInput>;

/**
 * Compiles the schema once (ajv generates a specialised function: cheap per record). Stops at the
 * first error: a rejected record needs one reason, and the import needs speed.
 */
export function compilePurchaseSchema(): PurchaseShapeCheck {
  return compile<PurchaseInput>(PURCHASE_SCHEMA);
}

export function compileOrderSchema(): ShapeCheck<OrderInput> {
  return compile<OrderInput>(ORDER_SCHEMA);
}

function compile<T>(schema: object): ShapeCheck<T> {
  const validate = new Ajv({ allErrors: false, strict: true, allowUnionTypes: true, unicodeRegExp: true }).compile<T>(schema);
  return (value) => {
    if (validate(value)) return { ok: true, value };
    return { ok: false, issue: describe(validate.errors?.[0]) };
  };
}

function describe(error: ErrorObject | undefined): SchemaIssue {
  if (!error) return { path: '', message: 'invalid record' };
  const base = error.instancePath.slice(1).replaceAll('/', '.');
  if (error.keyword === 'additionalProperties') {
    const extra = (error.params as { additionalProperty: string }).additionalProperty;
    return { path: base ? `${base}.${extra}` : extra, message: 'unknown field' };
  }
  if (error.keyword === 'required') {
    const missing = (error.params as { missingProperty: string }).missingProperty;
    return { path: base ? `${base}.${missing}` : missing, message: 'is required' };
  }
  if (error.keyword === 'pattern')
    return {
      path: base,
      message: base === 'purchasedAt' ? 'must be an ISO-8601 date-time with an offset' : 'must not contain control characters',
    };
  if (error.keyword === 'enum') return { path: base, message: `must be one of ${CHANNELS.join(', ')}` };
  return { path: base, message: error.message ?? 'is invalid' };
}
