import { Reflector } from '@nestjs/core';
import { ModulesContainer } from '@nestjs/core/injector/modules-container.js';
import { ACCESS_KEY, type Access } from '../../src/modules/auth/access.decorator.js';
import { ACCESS_EXTENSION, type DocumentedAccess } from '../../src/modules/auth/api-access.decorator.js';
import { roleAllows, STAFF_ROLES } from '../../src/modules/auth/domain/principal.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

type Schema = {
  $ref?: string;
  type?: string;
  items?: Schema;
  properties?: Record<string, Schema>;
  additionalProperties?: unknown;
  allOf?: Schema[];
  oneOf?: Schema[];
  example?: unknown;
};
type Operation = {
  operationId: string;
  summary?: string;
  description?: string;
  security?: Array<Record<string, string[]>>;
  requestBody?: unknown;
  responses: Record<string, { description?: string; content?: Record<string, { schema: Schema }> }>;
  parameters?: Array<{ name: string; in: string }>;
  [ACCESS_EXTENSION]?: DocumentedAccess;
};
type Document = {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { properties: Record<string, Schema> }> };
};

/** /docs/json documents the statuses the routes answer (the public contract's names, shapes and codes). */
describe('OpenAPI document', () => {
  let t: TestApp;
  let doc: Document;

  beforeAll(async () => {
    t = await startTestApp();
    doc = (await t.http.get('/docs/json').expect(200)).body as Document;
  });
  afterAll(() => t.close());

  const statuses = (method: string, path: string) => Object.keys(doc.paths[path][method].responses).sort();
  const operations = () =>
    Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, path, op })),
    );
  const GUARD_ERRORS = ['401', '403', '429'];
  const schemaOf = (ref: string | undefined) => doc.components.schemas[(ref ?? '').split('/').pop() as string];

  it('POST /v1/purchases: 201 created and 200 duplicate, with the error statuses', () => {
    expect(statuses('post', '/v1/purchases')).toEqual(['200', '201', '400', '401', '403', '409', '413', '415', '429']);
    const created = doc.paths['/v1/purchases'].post.responses['201'];
    expect(Object.keys(schemaOf(created.content?.['application/json'].schema.$ref).properties).sort()).toEqual(['orderId', 'status']);
  });

  it('POST /v1/purchases/bulk: 200, 409 (Idempotency-Key), 415', () => {
    expect(statuses('post', '/v1/purchases/bulk')).toEqual(['200', '400', '401', '403', '409', '415', '429']);
  });

  it('GET /v1/me/offers: a page (offers, nextCursor) with limit and cursor', () => {
    const list = doc.paths['/v1/me/offers'].get;
    expect(Object.keys(list.responses).sort()).toEqual(['200', '400', '401', '403', '429']);
    expect(Object.keys(schemaOf(list.responses['200'].content?.['application/json'].schema.$ref).properties).sort()).toEqual([
      'nextCursor',
      'offers',
    ]);
    expect(list.parameters?.map((p) => `${p.in}:${p.name}`).sort()).toEqual(['query:cursor', 'query:limit']);
    expect(doc.components.schemas.ErrorResponseDto.properties).toEqual(
      expect.objectContaining({
        statusCode: expect.anything(),
        code: expect.anything(),
        message: expect.anything(),
        details: expect.anything(),
      }),
    );
  });

  it('POST /v1/me/offers/{deliveryId}/seen and /dismiss: 204, 400, 404', () => {
    expect(statuses('post', '/v1/me/offers/{deliveryId}/seen')).toEqual(['204', '400', '401', '403', '404', '429']);
    expect(statuses('post', '/v1/me/offers/{deliveryId}/dismiss')).toEqual(['204', '400', '401', '403', '404', '429']);
  });

  it('every operation has a summary and a description', () => {
    const missing = operations().filter(({ op }) => !op.summary?.trim() || !op.description?.trim());
    expect(missing.map((o) => o.name)).toEqual([]);
  });

  it('every operation states who may call it, and asks for the matching credentials', () => {
    for (const { name, op } of operations()) {
      const access = op[ACCESS_EXTENSION];
      expect({ name, access: access?.kind }).toEqual({ name, access: expect.stringMatching(/^(public|shopper|staff|shopper-or-staff)$/) });
      expect({ name, statement: op.description?.startsWith('**Access:** ') }).toEqual({ name, statement: true });
      const security = {
        public: undefined,
        shopper: [{ bearer: [] }],
        staff: [{ apiKey: [] }],
        'shopper-or-staff': [{ bearer: [] }, { apiKey: [] }],
      };
      expect({ name, security: op.security }).toEqual({ name, security: access && security[access.kind] });
      if (access?.kind === 'staff' || access?.kind === 'shopper-or-staff') expect(access.roles.length).toBeGreaterThan(0);
    }
  });

  it("each operation's documented access is the access its route enforces", () => {
    const reflector = new Reflector();
    const byOperationId = new Map(operations().map(({ op }) => [op.operationId, op]));
    let checked = 0;
    for (const module of t.app.get(ModulesContainer).values()) {
      for (const wrapper of module.controllers.values()) {
        const controller = wrapper.metatype as (new (...args: never[]) => object) | null;
        if (!controller) continue;
        for (const method of Object.getOwnPropertyNames(controller.prototype)) {
          const op = byOperationId.get(`${controller.name}_${method}`);
          if (!op) continue;
          const handler = (controller.prototype as Record<string, () => unknown>)[method];
          const access = reflector.getAllAndOverride<Access>(ACCESS_KEY, [handler, controller]);
          const documented: DocumentedAccess =
            access.kind === 'staff' || access.kind === 'shopper-or-staff'
              ? { kind: access.kind, roles: STAFF_ROLES.filter((held) => roleAllows(held, access.roles)) }
              : access.kind === 'shopper'
                ? { kind: 'shopper', knownOnly: access.knownOnly ?? false }
                : { kind: 'public' };
          expect({ operation: op.operationId, access: op[ACCESS_EXTENSION] }).toEqual({ operation: op.operationId, access: documented });
          const idempotent = Reflect.getMetadata('panier:idempotent', handler) !== undefined;
          const header = (op.parameters ?? []).some((p) => p.in === 'header' && p.name === 'Idempotency-Key');
          expect({ operation: op.operationId, header }).toEqual({ operation: op.operationId, header: idempotent });
          checked++;
        }
      }
    }
    expect(checked).toBe(operations().length);
  });

  it('every operation documents its success with a schema (204: no body) and its errors with the error body', () => {
    const errorBody = '#/components/schemas/ErrorResponseDto';
    for (const { name, op, path } of operations()) {
      const success = Object.keys(op.responses).filter((status) => /^2\d\d$/.test(status));
      expect({ name, success: success.length > 0 }).toEqual({ name, success: true });
      for (const status of success) {
        const schema = op.responses[status].content?.['application/json']?.schema;
        expect({ name, status, schema: status === '204' ? 'none' : (schema?.$ref ?? schema?.type) }).toEqual({
          name,
          status,
          schema: status === '204' ? 'none' : expect.any(String),
        });
      }
      const errors = Object.keys(op.responses).filter((status) => /^[45]\d\d$/.test(status));
      const expected = [
        ...(op[ACCESS_EXTENSION]?.kind === 'public' ? [] : GUARD_ERRORS),
        ...(op.requestBody ? ['400', '415'] : []),
        ...(path.includes('{') ? ['400', '404'] : []),
      ];
      expect({ name, errors }).toEqual({ name, errors: expect.arrayContaining(expected) });
      for (const status of errors.filter((s) => s !== '503')) {
        expect({ name, status, schema: op.responses[status].content?.['application/json']?.schema?.$ref }).toEqual({
          name,
          status,
          schema: errorBody,
        });
      }
    }
  });

  it('every schema field has a type (no bare `object`) and an example', () => {
    const faults: string[] = [];
    for (const [schemaName, schema] of Object.entries(doc.components.schemas)) {
      for (const [field, property] of Object.entries(schema.properties ?? {})) {
        const where = `${schemaName}.${field}`;
        const refers = (p: Schema): boolean => Boolean(p.$ref ?? p.allOf?.some(refers) ?? p.oneOf?.some(refers));
        if (property.type === 'object' && !property.properties && property.additionalProperties === undefined && !refers(property))
          faults.push(`${where}: bare object`);
        if (property.type === 'array' && property.items && refers(property.items)) continue;
        if (!refers(property) && property.example === undefined) faults.push(`${where}: no example`);
      }
    }
    expect(faults).toEqual([]);
  });
});
