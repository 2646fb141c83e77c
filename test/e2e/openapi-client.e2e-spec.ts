import { execFile } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startTestApp, type TestApp } from '../support/test-app.js';

const run = promisify(execFile);
// Inside node_modules so that the client resolves openapi-fetch from the project.
const DIR = join(process.cwd(), 'node_modules', '.cache', 'panier-openapi-client');

/**
 * A client generated from /docs/json compiles and is typed: types by openapi-typescript, calls
 * through openapi-fetch, checked by tsc. The `@ts-expect-error` lines prove the types are not
 * `any`: tsc fails if they stop being errors.
 */
const CLIENT = `
import createClient from 'openapi-fetch';
import type { components, paths } from './schema.js';

type Schemas = components['schemas'];
const staff = createClient<paths>({ baseUrl: 'http://127.0.0.1:3000', headers: { 'X-Api-Key': 'key' } });
const shopper = createClient<paths>({ baseUrl: 'http://127.0.0.1:3000', headers: { Authorization: 'Bearer jwt' } });

export async function ingest(): Promise<void> {
  const purchase: Schemas['CreatePurchaseDto'] = {
    customerId: 'C-1', orderId: 'O-1', purchasedAt: '2026-11-29T10:15:00Z', channel: 'store', storeId: null,
    items: [{ sku: 'SKU-1', quantity: 2, unitPriceCents: null }],
  };
  const { data, error } = await staff.POST('/v1/purchases', { body: purchase, params: { header: { 'Idempotency-Key': 'retry-1' } } });
  const status: 'created' | 'duplicate' | undefined = data?.status;
  const code: Schemas['ErrorResponseDto']['code'] | undefined = error?.code;
  const field: string | undefined = error?.details?.[0]?.field;
  const store: string | null | undefined = purchase.storeId;
  const price: number | null | undefined = purchase.items[0].unitPriceCents;
  void [status, code, field, store, price];
  // @ts-expect-error storeId is a string or null
  void staff.POST('/v1/purchases', { body: { ...purchase, storeId: 12 } });
  // @ts-expect-error unitPriceCents is a number or null
  void staff.POST('/v1/purchases', { body: { ...purchase, items: [{ sku: 'SKU-1', quantity: 1, unitPriceCents: '2.49' }] } });
}

export async function campaigns(id: string): Promise<void> {
  const page = await staff.GET('/v1/campaigns', { params: { query: { limit: 10 } } });
  const next: string | null | undefined = page.data?.nextCursor;
  const campaign = await staff.GET('/v1/campaigns/{id}', { params: { path: { id } } });
  const cap: Schemas['FrequencyCapDto'] | null | undefined = campaign.data?.frequencyCap;
  const stats = await staff.GET('/v1/campaigns/{id}/stats', { params: { path: { id } } });
  const uplift: number | null | undefined = stats.data?.uplift.relative;
  void [next, cap, uplift];
  // @ts-expect-error the path parameter is required
  void staff.GET('/v1/campaigns/{id}');
}

export async function shopperSide(): Promise<void> {
  const consents = await shopper.PUT('/v1/me/consents', { body: { targeted_offers: false, source: 'app' } });
  const granted: boolean | undefined = consents.data?.consents.targeted_offers.granted;
  const offers = await shopper.GET('/v1/me/offers', { params: { query: { limit: 20 } } });
  const discount: 'percent' | 'amount' | undefined = offers.data?.offers[0]?.discount.type;
  const data = await shopper.GET('/v1/me/data');
  const lines: number | undefined = data.data?.cart.items.length;
  void [granted, discount, lines];
  // @ts-expect-error consent choices are booleans
  void shopper.PUT('/v1/me/consents', { body: { targeted_offers: 'no' } });
}
`;

describe('A client generated from the OpenAPI document', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
    await rm(DIR, { recursive: true, force: true });
  });

  it('type-checks (openapi-typescript, openapi-fetch, tsc --noEmit)', async () => {
    const document = (await t.http.get('/docs/json').expect(200)).body as object;
    await rm(DIR, { recursive: true, force: true });
    await mkdir(DIR, { recursive: true });
    await writeFile(join(DIR, 'openapi.json'), JSON.stringify(document));
    await writeFile(join(DIR, 'package.json'), JSON.stringify({ type: 'module' }));
    await writeFile(join(DIR, 'client.ts'), CLIENT);
    await writeFile(
      join(DIR, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2023',
          lib: ['ES2023', 'DOM'],
          module: 'nodenext',
          moduleResolution: 'nodenext',
          strict: true,
          noEmit: true,
          types: [],
        },
        files: ['client.ts'],
      }),
    );
    const bin = (pkg: string, path: string) => join(process.cwd(), 'node_modules', pkg, path);
    await run(process.execPath, [bin('openapi-typescript', 'bin/cli.js'), join(DIR, 'openapi.json'), '-o', join(DIR, 'schema.d.ts')]);
    const tsc = await run(process.execPath, [bin('typescript', 'bin/tsc'), '-p', join(DIR, 'tsconfig.json')]).then(
      () => '',
      (error: Error & { stdout?: string }) => error.stdout || error.message,
    );
    expect(tsc).toBe('');
  }, 120_000);
});
