import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type pg from 'pg';
import { PurchasesDatabase } from '../../src/modules/purchases/purchases.database.js';
import { PAYLOAD_SPECS } from '../../src/modules/carts/dto/cart-payloads.js';
import { type Ack, emitAck } from '../support/cart-client.js';
import { testApp } from '../support/fixtures.js';
import { givePurchaseHistory } from '../support/history.js';
import { connectCart, connectCartWithState } from '../support/sockets.js';
import type { RoleKeys } from '../support/staff.js';
import type { TestApp } from '../support/test-app.js';
import { shopperToken } from '../support/tokens.js';

type Schema = { $ref?: string; type?: string; required?: string[]; properties?: Record<string, Schema>; allOf?: Schema[]; items?: Schema };
type Access = { kind: 'public' } | { kind: 'shopper' } | { kind: 'staff' | 'shopper-or-staff'; roles: string[] };
type Operation = {
  requestBody?: { content?: Record<string, { schema: Schema }> };
  parameters?: Array<{ name: string; in: string; schema?: Schema }>;
  'x-panier-access'?: Access;
};
type Document = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };

/** A request body as raw JSON text (or bytes), so that `1e309`, `-0` and `__proto__` reach the parser as written. */
type Hostile = { name: string; body: string | Buffer; status?: number[] };

const MAIN_TABLES = ['shoppers', 'orders', 'order_lines', 'campaigns', 'suppliers', 'api_keys', 'devices', 'consent_ledger', 'products'];
const ONE_MB_STRING = 'a'.repeat(1_000_000);
const TWO_MB_BODY = JSON.stringify({ name: 'b'.repeat(2 * 1024 * 1024) });
const DEEP = '{"a":'.repeat(1000) + '1' + '}'.repeat(1000);
const INVALID_UTF8 = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]);
/** JSON text of values of the wrong type, whatever a field expects. */
const WRONG_TYPES = ['"a string"', '42', '[]', '{}', 'null', 'true', 'false', '[{"a":1}]'];
const EDGE_NUMBERS = ['-1', '0', '1e309', '9007199254740993', '-0', '1.5', '"NaN"', '-1e309'];

const jsonType = (text: string) => {
  if (text.startsWith('"')) return 'string';
  if (text.startsWith('[')) return 'array';
  if (text.startsWith('{')) return 'object';
  if (text === 'true' || text === 'false') return 'boolean';
  return text === 'null' ? 'null' : 'number';
};

/** Hostile bodies aimed at the whole body, then at each field of the operation's schema. */
function hostileBodies(fields: Record<string, Schema>, required: boolean, bodyLimitMb: number): Hostile[] {
  const out: Hostile[] = [
    ...['"a string"', '42', 'null', 'true', '[{}]', '[]'].map((body) => ({ name: `body ${body}`, body })),
    ...(required ? [{ name: 'empty body', body: '' }] : []),
    { name: 'deep nesting', body: DEEP },
    { name: '__proto__', body: '{"__proto__":{"polluted":true}}' },
    { name: 'constructor.prototype', body: '{"constructor":{"prototype":{"polluted":true}}}' },
    { name: 'unknown field', body: '{"notAField":1}' },
    { name: 'invalid UTF-8', body: INVALID_UTF8 },
    { name: '2 MB body', body: TWO_MB_BODY, status: bodyLimitMb > 2 ? [400] : [413] },
  ];
  for (const [field, schema] of Object.entries(fields)) {
    const f = JSON.stringify(field);
    // Only values a field cannot take: of another JSON type, or numbers an integer or a finite number cannot be.
    const wrong = (v: string) => {
      const type = jsonType(v);
      if (schema.type === 'integer') return type !== 'number' || ['1e309', '-1e309', '1.5', '9007199254740993'].includes(v);
      if (schema.type === 'number') return type !== 'number' || v.includes('e309');
      return schema.type !== undefined && type !== schema.type;
    };
    for (const v of [...WRONG_TYPES, ...EDGE_NUMBERS].filter(wrong)) out.push({ name: `${field}: ${v}`, body: `{${f}:${v}}` });
    out.push({ name: `${field}: __proto__ beside`, body: `{${f}:{"__proto__":{"polluted":true}},"__proto__":{"polluted":true}}` });
    out.push({ name: `${field}: unknown field beside`, body: `{${f}:"x","notAField":1}` });
    if (schema.type === 'string' || schema.type === undefined) {
      out.push({ name: `${field}: 1 MB string`, body: `{${f}:"${ONE_MB_STRING}"}`, status: [400] });
    }
  }
  return out;
}

/** Hostile values of one query parameter (a URL cannot carry a megabyte: 8 KB stands for huge). */
const HOSTILE_QUERY = [
  '-1',
  '0',
  '1e309',
  '9007199254740993',
  '-0',
  '1.5',
  'NaN',
  'Infinity',
  'null',
  'true',
  '%FF%FE',
  'a'.repeat(8 * 1024),
];

/** Every socket payload that is not one of the event's: each must be refused with an error ack. */
function hostileSocketPayloads(fields: string[]): Array<{ name: string; args: unknown[] }> {
  const values: Array<[string, unknown]> = [
    ['a string', 'a string'],
    ['a number', 42],
    ['true', true],
    ['an array', [{ sku: 'x' }]],
    ['a Buffer', Buffer.from('{"sku":"x"}')],
    ['deep nesting', JSON.parse(DEEP)],
    ['__proto__', JSON.parse('{"__proto__":{"polluted":true}}')],
    ['constructor.prototype', { constructor: { prototype: { polluted: true } } }],
    ['unknown field', { notAField: 1 }],
  ];
  const out = values.map(([name, payload]) => ({ name, args: [payload] }));
  for (const field of fields) {
    for (const [name, v] of [
      ['a number', 42],
      ...(field === 'quantity' ? [['a string', '1']] : []),
      ['an array', ['x']],
      ['an object', { a: 1 }],
      ['null', null],
      ['false', false],
      ['a Buffer', Buffer.from('x')],
      ['-1', -1],
      ['0', 0],
      ['-0', -0],
      ['1.5', 1.5],
      ['2^53+1', Number.MAX_SAFE_INTEGER + 2],
      ...(field === 'quantity' ? [['NaN as a string', 'NaN']] : []),
      ['15 KB string', 'a'.repeat(15 * 1024)],
      ['control characters', 'a\u0000b'],
    ] as Array<[string, unknown]>) {
      out.push({ name: `${field}: ${name}`, args: [{ [field]: v }] });
    }
    out.push({
      name: `${field}: __proto__ beside`,
      args: [JSON.parse(`{"${field}":{"__proto__":{"polluted":true}},"__proto__":{"polluted":true}}`)],
    });
  }
  return out;
}

const isErrorBody = (body: unknown) =>
  typeof body === 'object' &&
  body !== null &&
  typeof (body as { statusCode?: unknown }).statusCode === 'number' &&
  typeof (body as { code?: unknown }).code === 'string' &&
  typeof (body as { message?: unknown }).message === 'string';

/**
 * The hostile input sweep: every `/carts` client event and every JSON route of the OpenAPI
 * document, sent payloads of the wrong type, size, depth and shape with valid credentials. Each
 * must be refused with the contract's error (never a 5xx, never a missing ack), store nothing,
 * pollute no prototype (the service runs in this process), and leave the service serving.
 */
describe('hostile input sweep', () => {
  // Demo mode on, so that its routes are swept too (off, they answer 404 to anything).
  const app = testApp()
    .withEnv({ SOCKET_EVENTS_PER_SECOND: '100000', SOCKET_EVENTS_BURST: '100000', DEMO_MODE: 'true' })
    .withRoleKeys()
    .withDatabase();
  let t: TestApp;
  let keys: RoleKeys;
  let db: pg.Pool;
  let shopper: string;
  const failures: string[] = [];

  beforeAll(async () => {
    ({ t, keys, db } = await app.start());
    // A known shopper (with purchases): routes for known shoppers then reach their validation.
    shopper = await shopperToken({ sub: await givePurchaseHistory(t, keys.ingest, [['milk', 'bread']]) });
  }, 60_000);
  afterAll(() => app.close());

  const counts = async () => {
    const out: Record<string, number> = {};
    for (const table of MAIN_TABLES) out[table] = Number((await db.query(`SELECT count(*) FROM ${table}`)).rows[0].count);
    return out;
  };

  function credentials(op: Operation): [string, string] | undefined {
    const access = op['x-panier-access'];
    if (!access || access.kind === 'public') return undefined;
    if (access.kind === 'shopper') return ['Authorization', `Bearer ${shopper}`];
    const role = access.roles.find((r) => r !== 'admin') ?? 'admin';
    return ['X-Api-Key', keys[role as keyof RoleKeys]];
  }

  function fieldsOf(doc: Document, schema: Schema | undefined): Record<string, Schema> {
    if (!schema) return {};
    if (schema.$ref) return fieldsOf(doc, doc.components.schemas[schema.$ref.split('/').pop() as string]);
    if (schema.type === 'array') return fieldsOf(doc, schema.items);
    const all = (schema.allOf ?? []).reduce((acc, s) => ({ ...acc, ...fieldsOf(doc, s) }), {} as Record<string, Schema>);
    const props = Object.fromEntries(
      Object.entries(schema.properties ?? {}).map(([k, v]) => [
        k,
        v.$ref ? (doc.components.schemas[v.$ref.split('/').pop() as string] ?? v) : v,
      ]),
    );
    return { ...all, ...props };
  }

  function requiredOf(doc: Document, schema: Schema | undefined): boolean {
    if (!schema) return false;
    if (schema.$ref) return requiredOf(doc, doc.components.schemas[schema.$ref.split('/').pop() as string]);
    if (schema.type === 'array') return true;
    return (schema.required?.length ?? 0) > 0 || (schema.allOf ?? []).some((s) => requiredOf(doc, s));
  }

  /**
   * A request with a raw body. Bytes go by fetch: supertest would send a Buffer as the JSON of a
   * Buffer object (`{"type":"Buffer","data":[…]}`), not as the bytes.
   */
  async function withBody(method: string, path: string, headers: Record<string, string>, body: string | Buffer) {
    const http = t.http as unknown as Record<string, (path: string) => import('supertest').Test>;
    if (typeof body === 'string') return http[method](path).set(headers).set('Content-Type', 'application/json').send(body);
    const res = await fetch(`${t.url}${path}`, {
      method: method.toUpperCase(),
      headers: { ...headers, 'Content-Type': 'application/json' },
      body,
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  }

  const withIds = (path: string) => path.replace(/\{[^}]+\}/g, () => randomUUID());

  it('refuses every hostile body and query of every JSON route with a 4xx contract error, storing nothing', async () => {
    const doc = (await t.http.get('/docs/json').expect(200)).body as Document;
    const before = await counts();
    let sent = 0;
    const statuses: Record<number, number> = {};
    const reached = new Set<string>();
    let jsonRoutes = 0;
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const json = op.requestBody?.content?.['application/json'];
        const cred = credentials(op);
        // A query value may be one the parameter takes (`cursor=0`): then any answer but a 5xx, and a 4xx with the contract's body.
        const headers: Record<string, string> = cred ? { [cred[0]]: cred[1] } : {};
        const send = async (name: string, build: () => PromiseLike<{ status: number; body: unknown }>, status?: number[] | 'query') => {
          const res = await build();
          sent++;
          statuses[res.status] = (statuses[res.status] ?? 0) + 1;
          if (json && res.status !== 401 && res.status !== 403) reached.add(`${method} ${path}`);
          const refused = res.status >= 400 && res.status < 500;
          const ok = status === 'query' ? res.status < 400 || refused : status ? status.includes(res.status) : refused;
          if (!ok || (res.status >= 400 && !isErrorBody(res.body)))
            failures.push(`${method.toUpperCase()} ${path} [${name}] → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
        };
        if (json) {
          jsonRoutes++;
          const hostile = hostileBodies(fieldsOf(doc, json.schema), requiredOf(doc, json.schema), path === '/v1/products' ? 10 : 1);
          // In batches: the sweep stays quick without a thousand requests in flight.
          for (let i = 0; i < hostile.length; i += 16) {
            await Promise.all(
              hostile.slice(i, i + 16).map((h) => send(h.name, () => withBody(method, withIds(path), headers, h.body), h.status)),
            );
          }
        }
        if (!op.requestBody && method !== 'get') {
          // Routes without a body still parse one: what the parser refuses never reaches them.
          const unparsable: Hostile[] = [
            { name: 'deep nesting', body: DEEP },
            { name: 'invalid UTF-8', body: INVALID_UTF8 },
            { name: 'malformed JSON', body: '{"a":' },
            { name: '2 MB body', body: TWO_MB_BODY, status: [413] },
          ];
          await Promise.all(unparsable.map((h) => send(h.name, () => withBody(method, withIds(path), headers, h.body), h.status)));
        }
        if (method === 'get') {
          const queries = (op.parameters ?? []).filter((p) => p.in === 'query');
          await Promise.all(
            queries.flatMap((q) =>
              HOSTILE_QUERY.map((v) =>
                send(
                  `?${q.name}=${v.slice(0, 20)}`,
                  () =>
                    t.http
                      .get(`${withIds(path)}?${encodeURIComponent(q.name)}=${v.startsWith('%') ? v : encodeURIComponent(v)}`)
                      .set(headers),
                  'query',
                ),
              ).concat(
                send(`?${q.name} twice`, () => t.http.get(`${withIds(path)}?${q.name}=1&${q.name}=2`).set(headers), 'query'),
                send(`?${q.name}[a]=1`, () => t.http.get(`${withIds(path)}?${q.name}[a]=1`).set(headers), 'query'),
              ),
            ),
          );
        }
      }
    }
    expect(sent).toBeGreaterThan(500);
    // The credentials were the right ones: every JSON route's payloads reached its validation.
    expect(reached.size).toBe(jsonRoutes);
    expect(failures).toEqual([]);
    expect(await counts()).toEqual(before);
    expect(Object.prototype).not.toHaveProperty('polluted');
  }, 120_000);

  // Found by the sweep: two concurrent first checkouts of a month answered one of them a 500.
  it("creates a month's purchase partition once under concurrent first writes, failing none", async () => {
    const month = new Date(Date.UTC(2200 + Math.floor(Math.random() * 700), Math.floor(Math.random() * 12), 15));
    const purchases = t.app.get(PurchasesDatabase);
    await expect(Promise.all(Array.from({ length: 6 }, () => purchases.ensureMonths([month])))).resolves.toHaveLength(6);
  });

  it('refuses every hostile payload of every /carts client event with an error ack', async () => {
    // The event names of the public interface, read from the interface itself.
    const source = readFileSync(new URL('../../src/modules/shopper-channel/shopper-channel.events.ts', import.meta.url), 'utf8');
    const client = source.slice(source.indexOf('interface CartsClientEvents'));
    const events = [...client.slice(0, client.indexOf('\n}')).matchAll(/^\s+'([^']+)':/gm)].map((m) => m[1]);
    expect(events.sort()).toEqual(Object.keys(PAYLOAD_SPECS).sort());

    const { socket } = await connectCartWithState(t.url, shopper);
    const before = await counts();
    const socketFailures: string[] = [];
    for (const event of events) {
      const fields = Object.keys(PAYLOAD_SPECS[event as keyof typeof PAYLOAD_SPECS]);
      const cases = hostileSocketPayloads(fields);
      if (fields.length)
        cases.push({ name: 'undefined', args: [undefined] }, { name: 'null', args: [null] }, { name: 'nothing', args: [] });
      cases.push({ name: 'extra arguments', args: [fields.length ? { [fields[0]]: 42 } : { notAField: 1 }, 'extra', 42] });
      await Promise.all(
        cases.map(async (c) => {
          let ack: Ack | undefined;
          try {
            ack = (await socket.timeout(3000).emitWithAck(event, ...c.args)) as Ack;
          } catch (error) {
            socketFailures.push(`${event} [${c.name}] → ${(error as Error).message}`);
            return;
          }
          const ok =
            ack.ok === false &&
            typeof ack.error?.statusCode === 'number' &&
            ack.error.statusCode < 500 &&
            typeof ack.error.code === 'string';
          if (!ok) socketFailures.push(`${event} [${c.name}] → ${JSON.stringify(ack).slice(0, 200)}`);
        }),
      );
      // Without an acknowledgement function: nothing to answer, nothing to crash.
      socket.emit(event, { notAField: 1 });
      socket.emit(event);
    }
    expect(socketFailures).toEqual([]);
    expect(await counts()).toEqual(before);
    expect(Object.prototype).not.toHaveProperty('polluted');

    // A message over the socket size limit closes that socket, not the service.
    const big = await connectCart(t.url, shopper);
    const closed = new Promise((resolve) => big.once('disconnect', resolve));
    big.emit('cart:add', { sku: ONE_MB_STRING });
    await closed;
    big.close();

    // Still serving: the same socket adds normally, and the service is ready.
    expect(await emitAck(socket, 'cart:add', { sku: 'milk' })).toMatchObject({ ok: true });
    socket.close();
    await t.http.get('/health/ready').expect(200);
  }, 60_000);
});
