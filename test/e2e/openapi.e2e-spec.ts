import { startTestApp, type TestApp } from '../support/test-app.js';

type Operation = {
  responses: Record<string, { description?: string; content?: Record<string, { schema: { $ref?: string } }> }>;
  parameters?: Array<{ name: string; in: string }>;
};
type Document = {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { properties: Record<string, unknown> }> };
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
  const schemaOf = (ref: string | undefined) => doc.components.schemas[(ref ?? '').split('/').pop() as string];

  it('POST /v1/purchases: 201 created and 200 duplicate, with the error statuses', () => {
    expect(statuses('post', '/v1/purchases')).toEqual(['200', '201', '400', '409']);
    const created = doc.paths['/v1/purchases'].post.responses['201'];
    expect(Object.keys(schemaOf(created.content?.['application/json'].schema.$ref).properties).sort()).toEqual(['orderId', 'status']);
  });

  it('POST /v1/purchases/bulk: 200, 409 (Idempotency-Key), 415', () => {
    expect(statuses('post', '/v1/purchases/bulk')).toEqual(['200', '409', '415']);
  });

  it('GET /v1/me/offers: a page (offers, nextCursor) with limit and cursor', () => {
    const list = doc.paths['/v1/me/offers'].get;
    expect(Object.keys(list.responses).sort()).toEqual(['200', '400']);
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
    expect(statuses('post', '/v1/me/offers/{deliveryId}/seen')).toEqual(['204', '400', '404']);
    expect(statuses('post', '/v1/me/offers/{deliveryId}/dismiss')).toEqual(['204', '400', '404']);
  });
});
