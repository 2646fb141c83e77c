import 'reflect-metadata';
import 'dotenv/config';
import { NestFactory } from '@nestjs/core';
import { SignJWT } from 'jose';
import { AppModule } from '../src/app.module.js';
import { AppConfig } from '../src/config/app-config.js';
import { PrismaService } from '../src/infra/database/prisma.service.js';
import { ApiKeysService } from '../src/modules/api-keys/api-keys.service.js';
import { StaffRole } from '../src/modules/auth/domain/principal.js';
import { ConsentService } from '../src/modules/consent/consent.service.js';
import { IdentityService } from '../src/modules/identity/identity.service.js';
import { PurchasesService } from '../src/modules/purchases/purchases.service.js';
import { SuppliersService } from '../src/modules/suppliers/suppliers.service.js';

/**
 * Demo data: a supplier, one API key per role, and a few shoppers with consents. Idempotent:
 * run it twice and nothing is duplicated (keys are only created, and printed, the first time).
 * With `--bind-products` (after a dataset import), the demo supplier is given the 20 most bought
 * products, so that its key has insights to read, and demo-customer-1 (whose token the seed
 * prints) a weekly history of popular products, so that its cart gets reminders.
 */
async function seed(): Promise<void> {
  const app = await NestFactory.createApplicationContext(AppModule, { logger: ['warn', 'error'] });
  try {
    const prisma = app.get(PrismaService);
    if (process.argv.includes('--bind-products')) {
      const top = await mostBoughtSkus(prisma, 20);
      await bindDemoProducts(prisma, top);
      return await giveDemoShopperHabits(prisma, app.get(PurchasesService), top.slice(0, 10));
    }
    const config = app.get(AppConfig);
    const supplier =
      (await prisma.supplier.findFirst({ where: { name: 'Demo Brand' } })) ?? (await app.get(SuppliersService).create('Demo Brand'));

    const keys: Record<string, string> = {};
    for (const role of [StaffRole.Marketer, StaffRole.Ingest, StaffRole.Privacy, StaffRole.Supplier]) {
      const name = `demo ${role}`;
      if (await prisma.apiKey.findFirst({ where: { name, revokedAt: null } })) continue;
      const { key } = await app
        .get(ApiKeysService)
        .create({ name, role, supplierId: role === StaffRole.Supplier ? supplier.id : undefined }, 'seed');
      keys[role] = key;
    }

    const identity = app.get(IdentityService);
    const consent = app.get(ConsentService);
    const shoppers = ['demo-customer-1', 'demo-customer-2', 'demo-customer-3'];
    for (const [i, customerId] of shoppers.entries()) {
      const pseudonym = await identity.resolve(customerId);
      if ((await consent.history(pseudonym)).length === 0) {
        await consent.update(pseudonym, { choices: { targeted_offers: i !== 2, push_marketing: i === 0 }, source: 'seed', actor: 'seed' });
      }
    }

    const jwt = config.auth.jwt;
    const token =
      jwt.algorithm === 'HS256'
        ? await new SignJWT({})
            .setProtectedHeader({ alg: 'HS256' })
            .setSubject(shoppers[0])
            .setIssuedAt()
            .setExpirationTime('12h')
            .sign(new Uint8Array(jwt.secret))
        : '(RS256 configured: sign a token with your identity provider)';
    console.log('\nDemo data ready.');
    console.log(`  supplier "Demo Brand": ${supplier.id}`);
    if (Object.keys(keys).length > 0) {
      console.log('  API keys (shown once; the admin key is ADMIN_API_KEY in .env):');
      for (const [role, key] of Object.entries(keys)) console.log(`    ${role.padEnd(9)} ${key}`);
    } else {
      console.log('  API keys: created by an earlier seed (revoke and re-seed to get new ones)');
    }
    console.log(`  shopper token for demo-customer-1 (12 h):\n    ${token}\n`);
  } finally {
    await app.close();
  }
}

/** The skus bought in the most orders, most bought first. */
async function mostBoughtSkus(prisma: PrismaService, limit: number): Promise<string[]> {
  const rows = await prisma.$queryRaw<Array<{ sku: string }>>`
    SELECT u.sku FROM order_lines, unnest(skus) AS u(sku) GROUP BY u.sku ORDER BY count(*) DESC, u.sku LIMIT ${limit}`;
  return rows.map((r) => r.sku);
}

async function bindDemoProducts(prisma: PrismaService, mostBought: string[]): Promise<void> {
  const supplier = await prisma.supplier.findFirst({ where: { name: 'Demo Brand' } });
  if (!supplier) return;
  if ((await prisma.product.count({ where: { supplierId: supplier.id } })) === 0) {
    await prisma.$executeRaw`UPDATE products SET supplier_id = ${supplier.id}::uuid WHERE sku = ANY(${mostBought}::text[])`;
  }
  const example = await prisma.product.findFirst({ where: { supplierId: supplier.id }, orderBy: { sku: 'asc' } });
  if (example)
    console.log(
      `demo: "Demo Brand" sells the 20 most bought products; with the supplier key try GET /v1/insights/products?skus=${example.sku}&groupBy=weekday`,
    );
}

/** Weeks of store baskets given to demo-customer-1: enough for purchase cycles to show. */
const DEMO_WEEKS = 8;

/**
 * demo-customer-1 buys, once a week for DEMO_WEEKS weeks, some of these (the most bought)
 * products: a few every week, the others every other week or third week, so that `cart:review`
 * has habits of several cycles to remind. The baskets fall on the same weekday and hour as the
 * imported Ta-Feng ones, ending with their last: a demo shopper alone on another day or hour would
 * be a group under k in the supplier's reports, and withhold the others with it. Through the
 * ingestion path (same checks as any purchase), once.
 */
async function giveDemoShopperHabits(prisma: PrismaService, purchases: PurchasesService, skus: string[]): Promise<void> {
  const [{ last, given }] = await prisma.$queryRaw<Array<{ last: Date | null; given: boolean }>>`
    SELECT max(purchased_at) FILTER (WHERE order_id LIKE 'tafeng-%') AS last,
           bool_or(order_id LIKE 'demo-customer-1-%') AS given
    FROM orders`;
  // Given once: a re-run's most bought skus count these baskets too and could differ.
  if (given) return void console.log('demo: demo-customer-1 has its weekly baskets already');
  if (!last || skus.length < 4) return;
  const weekMs = 7 * 24 * 3600 * 1000;
  for (let week = DEMO_WEEKS; week >= 1; week--) {
    const at = new Date(last.getTime() - (week - 1) * weekMs);
    const items = skus
      .filter((_, i) => i < 3 || (i < 6 && week % 2 === 0) || week % 3 === 0)
      .map((sku, i) => ({ sku, quantity: 1 + (i % 2) }));
    await purchases.record({
      customerId: 'demo-customer-1',
      orderId: `demo-customer-1-${at.toISOString().slice(0, 10)}`,
      purchasedAt: at.toISOString(),
      channel: 'store',
      items,
    });
  }
  console.log(`demo: demo-customer-1 has ${DEMO_WEEKS} weekly baskets; with its token, connect to /carts and send cart:review`);
}

seed().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
