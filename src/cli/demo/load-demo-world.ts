import type { INestApplicationContext } from '@nestjs/common';
import { PrismaService } from '../../infra/database/prisma.service.js';
import { CatalogService } from '../../modules/catalog/catalog.service.js';
import { ConsentService } from '../../modules/consent/consent.service.js';
import type { Purpose } from '../../modules/consent/domain/consent.js';
import type { DemoPurchase, DemoShopper, DemoWorld } from '../../modules/demo/domain/demo-world.js';
import { IdentityService } from '../../modules/identity/identity.service.js';
import type { ImportReport } from '../../modules/purchases/import/import-report.js';
import { PurchaseImportService } from '../../modules/purchases/import/purchase-import.service.js';
import { SuppliersService } from '../../modules/suppliers/suppliers.service.js';

const RECORDS_PER_CHUNK = 2000;
/** Consent changes in flight at once: each is a small transaction and a cache write. */
const CONSENT_CONCURRENCY = 16;

export interface DemoWorldLoad {
  /** Supplier ids by name. */
  suppliers: Map<string, string>;
  products: number;
  orders: Pick<ImportReport, 'accepted' | 'duplicates' | 'rejectedCount'>;
  /** Shoppers whose choices were recorded by this run (none on a re-run). */
  consents: number;
}

/**
 * Loads the demo world through the doors real data takes: suppliers and products through their
 * services, purchases through the bulk import (which pseudonymizes and finds duplicates), consent
 * choices through the consent service (ledger and cache). Idempotent: suppliers are found by name,
 * products are upserted (an unchanged row is not written), orders come back as duplicates, and a
 * shopper with any recorded choice is left alone.
 */
export async function loadDemoWorld(app: INestApplicationContext, world: DemoWorld, endDate: Date): Promise<DemoWorldLoad> {
  const suppliers = await ensureSuppliers(app, world);
  const products = await app.get(CatalogService).upsert(
    world.products.map((p) => ({
      sku: p.sku,
      name: p.name,
      category: p.category,
      brand: p.brand,
      supplierId: p.supplier ? suppliers.get(p.supplier) : undefined,
      active: p.active,
    })),
  );
  const report = await app.get(PurchaseImportService).importStream(ndjson(world.purchases(endDate)), { format: 'ndjson' });
  const consents = await recordConsents(app, world.shoppers);
  return {
    suppliers,
    products,
    orders: { accepted: report.accepted, duplicates: report.duplicates, rejectedCount: report.rejectedCount },
    consents,
  };
}

async function ensureSuppliers(app: INestApplicationContext, world: DemoWorld): Promise<Map<string, string>> {
  const prisma = app.get(PrismaService);
  const out = new Map<string, string>();
  for (const { name } of world.suppliers) {
    const found = await prisma.supplier.findFirst({ where: { name }, orderBy: { createdAt: 'asc' } });
    out.set(name, found?.id ?? (await app.get(SuppliersService).create(name)).id);
  }
  return out;
}

async function recordConsents(app: INestApplicationContext, shoppers: DemoShopper[]): Promise<number> {
  const identity = app.get(IdentityService);
  const consent = app.get(ConsentService);
  const choosing = shoppers.filter((s) => Object.keys(s.consents).length > 0);
  let recorded = 0;
  for (let i = 0; i < choosing.length; i += CONSENT_CONCURRENCY) {
    const done = await Promise.all(
      choosing.slice(i, i + CONSENT_CONCURRENCY).map(async (shopper) => {
        const pseudonym = await identity.resolve(shopper.customerId);
        if ((await consent.history(pseudonym)).length > 0) return false;
        const choices = shopper.consents as Partial<Record<Purpose, boolean>>;
        await consent.update(pseudonym, { choices, source: 'demo-seed', actor: 'seed' });
        return true;
      }),
    );
    recorded += done.filter(Boolean).length;
  }
  return recorded;
}

/** The purchases as NDJSON text, the import's own format, in chunks. */
async function* ndjson(purchases: Iterable<DemoPurchase>): AsyncGenerator<string> {
  let chunk: string[] = [];
  for (const purchase of purchases) {
    chunk.push(JSON.stringify(purchase));
    if (chunk.length === RECORDS_PER_CHUNK) {
      yield chunk.join('\n') + '\n';
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk.join('\n') + '\n';
}
