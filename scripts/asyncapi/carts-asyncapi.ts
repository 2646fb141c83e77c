import type { FromSchema, JSONSchema } from 'json-schema-to-ts';
import { stringify } from 'yaml';
import { ErrorCode } from '../../src/common/errors/app-error.js';
// The one import of the event map: everything below is checked against it.
import type { CartsClientEvents, CartsServerEvents } from '../../src/modules/shopper-channel/shopper-channel.events.js';
import { type CartEventName, PAYLOAD_SPECS, schemaOf } from '../../src/modules/carts/dto/cart-payloads.js';

/**
 * The AsyncAPI 3.0 document of the socket.io namespace `/carts`, built from typed descriptions:
 * an event of the map without its description, a description without its event, a schema that
 * no longer matches its event's TypeScript type, or an example that does not fit it, fails
 * type-check. Client payload schemas are the ones the server validates with (cart-payloads.ts).
 * `npm run docs:asyncapi` writes docs/asyncapi.yaml; a unit test fails when it is stale.
 */

type ServerPayload<E extends keyof CartsServerEvents> = Parameters<CartsServerEvents[E]>[0];
type ClientPayload<E extends keyof CartsClientEvents> = Parameters<CartsClientEvents[E]>[0];
type ClientAck<E extends keyof CartsClientEvents> = Parameters<Parameters<CartsClientEvents[E]>[1]>[0];

const DATE_TIME = { type: 'string', format: 'date-time' } as const;

const ERROR_DETAIL = {
  type: 'object',
  additionalProperties: false,
  required: ['field', 'message'],
  properties: { field: { type: 'string', examples: ['quantity'] }, message: { type: 'string' } },
} as const satisfies JSONSchema;

const ERROR_BODY = {
  type: 'object',
  additionalProperties: false,
  required: ['statusCode', 'code', 'message'],
  description: 'The one error body of HTTP and socket errors (docs/api.md lists the codes).',
  properties: {
    statusCode: { type: 'integer', description: 'The HTTP status the same error has over HTTP', examples: [400] },
    code: { type: 'string', description: `One of ${Object.values(ErrorCode).join(', ')}`, examples: [ErrorCode.ValidationFailed] },
    message: { type: 'string', description: 'For people; never parse it' },
    details: { type: 'array', items: ERROR_DETAIL, description: 'The fields at fault (VALIDATION_FAILED)' },
  },
} as const satisfies JSONSchema;

const CART_LINE = {
  type: 'object',
  additionalProperties: false,
  required: ['sku', 'quantity'],
  properties: {
    sku: { type: 'string' },
    name: { type: 'string', description: 'The product name, when this instance knows the sku already' },
    quantity: { type: 'integer', minimum: 1 },
  },
} as const satisfies JSONSchema;

const CART = {
  type: 'object',
  additionalProperties: false,
  required: ['items', 'version', 'updatedAt'],
  properties: {
    items: { type: 'array', items: CART_LINE, description: 'In the order the lines were added' },
    version: { type: 'integer', minimum: 0, description: 'Incremented by every change; 0 for a cart never changed' },
    updatedAt: { ...DATE_TIME, description: 'The last change, or when a cart never changed came into being' },
  },
} as const satisfies JSONSchema;

const REMINDER = {
  type: 'object',
  additionalProperties: false,
  required: ['sku', 'score', 'reason'],
  properties: {
    sku: { type: 'string' },
    name: { type: 'string' },
    score: { type: 'number', description: 'Higher first' },
    reason: {
      type: 'object',
      additionalProperties: false,
      required: ['timesBought', 'lastBoughtAt'],
      properties: { timesBought: { type: 'integer' }, lastBoughtAt: DATE_TIME, typicalIntervalDays: { type: 'number' } },
    },
  },
} as const satisfies JSONSchema;

const OFFER = {
  type: 'object',
  additionalProperties: false,
  required: ['deliveryId', 'campaignId', 'supplier', 'title', 'body', 'skus', 'discount', 'deliveredAt', 'expiresAt'],
  description: 'A supplier-funded offer; also each entry of GET /v1/me/offers.',
  properties: {
    deliveryId: { type: 'string', format: 'uuid', description: 'At most one per campaign and shopper; the same on every retry' },
    campaignId: { type: 'string', format: 'uuid' },
    supplier: {
      type: 'object',
      additionalProperties: false,
      required: ['id', 'name'],
      properties: { id: { type: 'string', format: 'uuid' }, name: { type: 'string' } },
    },
    title: { type: 'string' },
    body: { type: 'string' },
    skus: { type: 'array', items: { type: 'string' } },
    discount: {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'value'],
      properties: {
        type: { type: 'string', enum: ['percent', 'amount'] },
        value: { type: 'number', description: 'Percent, or cents for `amount`' },
      },
    },
    deliveredAt: { ...DATE_TIME, description: 'The moment of the delivery decision, to the millisecond' },
    expiresAt: DATE_TIME,
  },
} as const satisfies JSONSchema;

/** Named in the document's components (the rest is inline). */
export const NAMED_SCHEMAS = {
  ErrorBody: ERROR_BODY,
  ErrorDetail: ERROR_DETAIL,
  Cart: CART,
  CartLine: CART_LINE,
  Reminder: REMINDER,
  Offer: OFFER,
} as const;

const ACK_ERROR = {
  type: 'object',
  additionalProperties: false,
  required: ['ok', 'error'],
  properties: { ok: { const: false }, error: ERROR_BODY },
} as const satisfies JSONSchema;

const ACK_OK = {
  type: 'object',
  additionalProperties: false,
  required: ['ok'],
  properties: { ok: { const: true } },
} as const satisfies JSONSchema;
const ACK_CART = {
  type: 'object',
  additionalProperties: false,
  required: ['ok', 'cart'],
  properties: { ok: { const: true }, cart: CART },
} as const satisfies JSONSchema;

/** An acknowledgement: the success, or `{ ok: false, error }`. */
const ack = <const S extends JSONSchema>(success: S) => ({ oneOf: [success, ACK_ERROR] }) as const;

const SKU = 'SKU-7310865004703';
const CART_EXAMPLE = {
  items: [{ sku: SKU, name: 'Organic oat milk 1 L', quantity: 2 }],
  version: 7,
  updatedAt: '2026-12-01T09:00:00.000Z',
};
const REMINDER_EXAMPLE = {
  sku: 'SKU-7310865004710',
  name: 'Rolled oats 500 g',
  score: 0.83,
  reason: { timesBought: 9, lastBoughtAt: '2026-11-20T18:02:00.000Z', typicalIntervalDays: 14 },
};
const OFFER_EXAMPLE = {
  deliveryId: '9b2e4f6a-1c3d-5e7f-8a9b-0c1d2e3f4a5b',
  campaignId: 'c4a1e2b3-5d6f-4a7b-8c9d-0e1f2a3b4c5d',
  supplier: { id: '3f2b8c1e-7d4a-4e9b-9c1f-2a6d8e0b5c47', name: 'Oatly' },
  title: '20 % off oat milk',
  body: 'This week only, on every Oatly 1 L.',
  skus: [SKU],
  discount: { type: 'percent' as const, value: 20 },
  deliveredAt: '2026-12-01T09:30:12.345Z',
  expiresAt: '2026-12-08T09:30:12.345Z',
};

interface EventDoc {
  summary: string;
  description: string;
}

/** Server → client events. */
export const SERVER_EVENTS = {
  'cart:state': {
    summary: 'The live cart',
    description:
      'On connect and after every change, to every device of the shopper. The one sent on connect comes before the answer to any event the device sent; a change made by another device at that moment may still arrive before it: keep the highest `version` seen.',
    payload: { type: 'object', additionalProperties: false, required: ['cart'], properties: { cart: CART } },
    example: { cart: CART_EXAMPLE },
  },
  reminders: {
    summary: 'Forgotten items',
    description:
      'After a cart change, once the cart holds REMINDER_MIN_CART_ITEMS items (3), when the suggestions name a sku not pushed before for this cart: ' +
      '`reminders` holds those new skus only, in rank order. Add them to what is shown, and drop a sku the cart now holds or the shopper dismissed. ' +
      '`reminders: []` (`personalization` withdrawn) clears the list; `cart:review` answers the whole current list. `cartVersion`: the cart they were computed for.',
    payload: {
      type: 'object',
      additionalProperties: false,
      required: ['reminders', 'cartVersion'],
      properties: { reminders: { type: 'array', items: REMINDER }, cartVersion: { type: 'integer' } },
    },
    example: { reminders: [REMINDER_EXAMPLE], cartVersion: 7 },
  },
  offer: {
    summary: 'A supplier-funded offer',
    description: 'Broadcast by a campaign, or triggered by a `cart:add`; at most one per campaign. It also lands in GET /v1/me/offers.',
    payload: OFFER,
    example: OFFER_EXAMPLE,
  },
  'session:expired': {
    summary: 'The token expired (Panier extension)',
    description: 'Sent when the handshake token expires; the server disconnects the socket right after. Reconnect with a fresh token.',
    payload: { type: 'object', additionalProperties: false, required: ['reason'], properties: { reason: { const: 'token_expired' } } },
    example: { reason: 'token_expired' },
  },
} as const satisfies { [E in keyof CartsServerEvents]: EventDoc & { payload: JSONSchema; example: ServerPayload<E> } };

/** Client → server events, each acknowledged; their payload schemas come from the server's own checks. */
export const CLIENT_EVENTS = {
  'cart:add': {
    summary: 'Add to the cart',
    description:
      '`quantity` defaults to 1; a line holds at most CART_MAX_QUANTITY (99), a cart at most CART_MAX_LINES lines (200): beyond, VALIDATION_FAILED.',
    example: { sku: SKU, quantity: 2 },
    ack: ack(ACK_CART),
    ackExample: { ok: true, cart: CART_EXAMPLE },
  },
  'cart:remove': {
    summary: 'Remove from the cart',
    description: 'Without `quantity`, the whole line.',
    example: { sku: SKU, quantity: 1 },
    ack: ack(ACK_CART),
    ackExample: { ok: true, cart: { ...CART_EXAMPLE, items: [{ ...CART_EXAMPLE.items[0], quantity: 1 }], version: 8 } },
  },
  'cart:clear': {
    summary: 'Empty the cart',
    description: 'No payload (or `{}`).',
    example: {},
    ack: ack(ACK_CART),
    ackExample: { ok: true, cart: { items: [], version: 9, updatedAt: '2026-12-01T09:05:00.000Z' } },
  },
  'cart:review': {
    summary: 'Ask for forgotten items now',
    description:
      'Always answers (the REMINDER_MIN_CART_ITEMS threshold of pushed reminders does not apply); `[]` without `personalization` consent.',
    example: {},
    ack: ack({
      type: 'object',
      additionalProperties: false,
      required: ['ok', 'reminders'],
      properties: { ok: { const: true }, reminders: { type: 'array', items: REMINDER } },
    }),
    ackExample: { ok: true, reminders: [REMINDER_EXAMPLE] },
  },
  'cart:checkout': {
    summary: 'Check the cart out',
    description:
      'Records the cart as an online purchase under `orderId` and empties it. Checkout order ids are the shopper’s own: they never collide with the retailer’s order ids. A retry with the same `orderId` answers the same; an empty cart, or another cart of this shopper under the same `orderId`, is CONFLICT; more than RATE_LIMIT_CHECKOUTS_PER_SHOPPER (10) checkouts per RATE_LIMIT_WINDOW_SECONDS (60 s) are RATE_LIMITED.',
    example: { orderId: 'WEB-2026-000042' },
    ack: ack({
      type: 'object',
      additionalProperties: false,
      required: ['ok', 'orderId'],
      properties: { ok: { const: true }, orderId: { type: 'string' } },
    }),
    ackExample: { ok: true, orderId: 'WEB-2026-000042' },
  },
  'reminder:dismiss': {
    summary: 'Dismiss a reminder',
    description:
      'The sku is not reminded again for REMINDER_DISMISS_DAYS (30 days). Only a sku that can be a reminder of this shopper (an item of their purchase history) is accepted, else VALIDATION_FAILED on `sku`; the latest REMINDER_DISMISSALS_MAX (100) dismissals are kept.',
    example: { sku: 'SKU-7310865004710' },
    ack: ack(ACK_OK),
    ackExample: { ok: true },
  },
  'offer:seen': {
    summary: 'Mark an offer seen',
    description: 'Idempotent; NOT_FOUND for an unknown delivery or another shopper’s. REST twin: POST /v1/me/offers/{deliveryId}/seen.',
    example: { deliveryId: OFFER_EXAMPLE.deliveryId },
    ack: ack(ACK_OK),
    ackExample: { ok: true },
  },
  'offer:dismiss': {
    summary: 'Dismiss an offer',
    description: 'It leaves the inbox. Idempotent; NOT_FOUND for an unknown delivery. REST twin: POST /v1/me/offers/{deliveryId}/dismiss.',
    example: { deliveryId: OFFER_EXAMPLE.deliveryId },
    ack: ack(ACK_OK),
    ackExample: { ok: false, error: { statusCode: 404, code: ErrorCode.NotFound, message: 'Offer not found' } },
  },
} as const satisfies {
  [E in keyof CartsClientEvents]: EventDoc & { example: ClientPayload<E>; ack: JSONSchema; ackExample: ClientAck<E> };
};

/** The handshake's refusal: socket.io's reserved `connect_error`, outside the event map. */
const CONNECT_ERROR = {
  type: 'object',
  required: ['message', 'data'],
  description: 'The Error the socket.io client receives: `err.message` and `err.data`.',
  properties: {
    message: {
      type: 'string',
      enum: ['unauthorized', 'rate_limited', 'unavailable'],
      description:
        '`unauthorized`: no, bad or expired token; `rate_limited`: too many handshakes (per address) or events of the shopper, or too many sockets open (per shopper or per address); `unavailable`: Panier failed, keep the token and retry',
    },
    data: ERROR_BODY,
  },
} as const satisfies JSONSchema;

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type ServerDrift = {
  [E in keyof CartsServerEvents]: Same<FromSchema<(typeof SERVER_EVENTS)[E]['payload']>, ServerPayload<E>> extends true ? never : E;
}[keyof CartsServerEvents];
type AckDrift = {
  [E in keyof CartsClientEvents]: Same<FromSchema<(typeof CLIENT_EVENTS)[E]['ack']>, ClientAck<E>> extends true ? never : E;
}[keyof CartsClientEvents];
// A schema that no longer describes its event's type names the event here, at type-check.
const serverSchemasMatchTypes: [ServerDrift] extends [never] ? true : ServerDrift = true;
const ackSchemasMatchTypes: [AckDrift] extends [never] ? true : AckDrift = true;
// The server validates exactly the events of the map.
const validatedEventsMatchMap: Same<CartEventName, keyof CartsClientEvents> = true;
void [serverSchemasMatchTypes, ackSchemasMatchTypes, validatedEventsMatchMap];

/** `cart:add` → `cartAdd`: AsyncAPI component keys allow no colon. */
export const keyOf = (event: string): string => event.replace(/[:_](\w)/g, (_, c: string) => c.toUpperCase());

/** The client event payload schema the server validates with. */
export const clientPayloadSchema = (event: keyof CartsClientEvents): object => schemaOf(PAYLOAD_SPECS[event]);

export function buildCartsAsyncApi(): Record<string, unknown> {
  const ref = (path: string) => ({ $ref: path });
  const messages: Record<string, object> = {};
  const operations: Record<string, object> = {};
  const channel = ref('#/channels/carts');
  for (const [event, doc] of Object.entries(CLIENT_EVENTS) as Array<
    [keyof CartsClientEvents, (typeof CLIENT_EVENTS)[keyof CartsClientEvents]]
  >) {
    const key = keyOf(event);
    messages[key] = {
      name: event,
      title: event,
      summary: doc.summary,
      payload: clientPayloadSchema(event),
      examples: [{ name: key, payload: doc.example }],
    };
    messages[`${key}Ack`] = {
      name: `${event} acknowledgement`,
      title: `${event} acknowledgement`,
      summary: `The socket.io acknowledgement of ${event} (the callback, not an event)`,
      payload: doc.ack,
      examples: [{ name: `${key}Ack`, payload: doc.ackExample }],
    };
    operations[key] = {
      action: 'receive',
      channel,
      title: event,
      summary: doc.summary,
      description: doc.description,
      messages: [ref(`#/channels/carts/messages/${key}`)],
      reply: { channel, messages: [ref(`#/channels/carts/messages/${key}Ack`)] },
    };
  }
  for (const [event, doc] of Object.entries(SERVER_EVENTS) as Array<
    [keyof CartsServerEvents, (typeof SERVER_EVENTS)[keyof CartsServerEvents]]
  >) {
    const key = keyOf(event);
    messages[key] = {
      name: event,
      title: event,
      summary: doc.summary,
      payload: doc.payload,
      examples: [{ name: key, payload: doc.example }],
    };
    operations[key] = {
      action: 'send',
      channel,
      title: event,
      summary: doc.summary,
      description: doc.description,
      messages: [ref(`#/channels/carts/messages/${key}`)],
    };
  }
  messages.connectError = {
    name: 'connect_error',
    title: 'connect_error',
    summary: 'The handshake was refused',
    payload: CONNECT_ERROR,
    examples: [
      {
        name: 'unauthorized',
        payload: {
          message: 'unauthorized',
          data: { statusCode: 401, code: ErrorCode.Unauthorized, message: 'Missing or invalid credentials' },
        },
      },
    ],
  };
  operations.connectError = {
    action: 'send',
    channel,
    title: 'connect_error',
    summary: 'The handshake was refused',
    description:
      "No connection is made; socket.io delivers it as the client's `connect_error`. Retry `unavailable` as is; get a new token after `unauthorized`; wait after `rate_limited`.",
    messages: [ref('#/channels/carts/messages/connectError')],
  };
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Panier live carts',
      version: '1',
      description: [
        "The socket.io namespace `/carts`: a shopper's live cart, forgotten-item reminders and offers, on every device of the shopper at once.",
        '',
        'Operations are seen from Panier: it *receives* the client events and *sends* the others. Every client event takes one payload and an acknowledgement callback,',
        'answered `{ ok: true, … }` or `{ ok: false, error }` (the error body of the HTTP API); the socket stays up after an error. An event of another name is',
        'acknowledged NOT_FOUND; an unknown field, a missing or malformed one VALIDATION_FAILED; more than SOCKET_EVENTS_PER_SECOND events (20, bursts of 40)',
        'RATE_LIMITED. A message larger than SOCKET_MAX_MESSAGE_BYTES (16 KiB) closes the connection.',
        '',
        'Connect with the socket.io 4 client: `io("https://panier.example/carts", { auth: { token } })`, the shopper JWT in the handshake `auth` payload.',
        'Error codes, limits and consent: docs/api.md. The HTTP API: /docs (OpenAPI).',
      ].join('\n'),
    },
    defaultContentType: 'application/json',
    servers: {
      panier: {
        host: 'localhost:3000',
        protocol: 'ws',
        pathname: '/socket.io',
        title: 'Panier',
        description:
          "socket.io 4 (Engine.IO 4) at the default path /socket.io, WebSocket or HTTP long-polling. Use your deployment's host.",
        security: [ref('#/components/securitySchemes/shopperJwt')],
      },
    },
    channels: {
      carts: {
        address: '/carts',
        title: 'Namespace /carts',
        description: 'Every device of one shopper joins the same room: cart changes, reminders and offers reach them all.',
        servers: [ref('#/servers/panier')],
        messages: Object.fromEntries(Object.keys(messages).map((key) => [key, ref(`#/components/messages/${key}`)])),
      },
    },
    operations,
    components: {
      schemas: NAMED_SCHEMAS,
      messages,
      securitySchemes: {
        shopperJwt: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            "The shopper's JWT (the one of the HTTP API's shopper routes), sent as the handshake's `auth.token`, not as a header. A refused handshake is a `connect_error`; an expired token ends the connection after `session:expired`.",
        },
      },
    },
  };
}

/** Where the document is committed, from the repository root. */
export const ASYNCAPI_FILE = 'docs/asyncapi.yaml';

/** Replaces each named schema, wherever it is used, by a reference to its component. */
function withRefs(value: unknown, names: Map<object, string>, inComponents = false): unknown {
  if (Array.isArray(value)) return value.map((v) => withRefs(v, names));
  if (typeof value !== 'object' || value === null) return value;
  const name = names.get(value);
  if (name && !inComponents) return { $ref: `#/components/schemas/${name}` };
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withRefs(v, names)]));
}

/** The document as committed: YAML, each named schema a reference to its component. */
export function renderCartsAsyncApi(): string {
  const document = buildCartsAsyncApi() as Record<string, unknown> & { components: { schemas: Record<string, object> } };
  const names = new Map<object, string>(Object.entries(NAMED_SCHEMAS).map(([name, schema]) => [schema, name]));
  const { schemas, ...components } = document.components;
  const referenced = withRefs({ ...document, components }, names) as Record<string, unknown>;
  referenced.components = {
    schemas: Object.fromEntries(Object.entries(schemas).map(([name, schema]) => [name, withRefs(schema, names, true)])),
    ...(referenced.components as object),
  };
  const yaml = stringify(referenced, { aliasDuplicateObjects: false, lineWidth: 0 });
  return `# Generated by \`npm run docs:asyncapi\` from scripts/asyncapi/carts-asyncapi.ts: do not edit by hand.\n${yaml}`;
}
