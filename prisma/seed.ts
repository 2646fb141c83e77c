import 'reflect-metadata';
import 'dotenv/config';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../src/app.module.js';
import { parseArgs } from '../src/cli/cli-context.js';
import { ensureDemoCampaigns } from '../src/cli/demo/demo-campaigns.js';
import { ensureDemoKeys } from '../src/cli/demo/demo-keys.js';
import { loadDemoWorld } from '../src/cli/demo/load-demo-world.js';
import { AppConfig } from '../src/config/app-config.js';
import { StaffRole } from '../src/modules/auth/domain/principal.js';
import { DemoService } from '../src/modules/demo/demo.service.js';
import { DEFAULT_DEMO_WORLD, demoWorld } from '../src/modules/demo/domain/demo-world.js';
import { ProfileRebuildScheduler } from '../src/modules/profiles/profile-rebuild.processor.js';

/** Whose key the demo's supplier key is: the supplier whose products the most shoppers buy. */
const DEMO_SUPPLIER = 'Alpine Dairy Co.';
const KEYS_FILE = '.demo-keys';

/**
 * `npm run db:seed [-- --shoppers 3000 --seed 14 --days 182]`: the demo world (a grocer, its
 * suppliers and a few thousand shoppers with six months of habits), loaded through the real
 * services, then the keys and the shopper to try, printed every run. Idempotent: a re-run finds
 * everything in place and changes nothing.
 */
async function seed(): Promise<void> {
  const { options } = parseArgs(process.argv.slice(2));
  const number = (name: string, fallback: number) => (typeof options.get(name) === 'string' ? Number(options.get(name)) : fallback);
  const world = demoWorld({
    seed: number('seed', DEFAULT_DEMO_WORLD.seed),
    shoppers: number('shoppers', DEFAULT_DEMO_WORLD.shoppers),
    days: number('days', DEFAULT_DEMO_WORLD.days),
  });
  const started = Date.now();
  const app = await NestFactory.createApplicationContext(AppModule, { logger: ['warn', 'error'] });
  try {
    const load = await loadDemoWorld(app, world, new Date());
    // Profiles are rebuilt by the service's worker, as after any import.
    if (load.orders.accepted > 0) await app.get(ProfileRebuildScheduler).start();
    const campaigns = await ensureDemoCampaigns(app, world, load.suppliers);
    const supplierId = load.suppliers.get(DEMO_SUPPLIER) as string;
    const keys = await ensureDemoKeys(app, KEYS_FILE, supplierId);
    const config = app.get(AppConfig);
    const base = `http://127.0.0.1:${config.http.port}`;
    const seconds = ((Date.now() - started) / 1000).toFixed(1);

    console.log(
      `\nDemo world ready (${seconds} s): ${world.suppliers.length} suppliers, ${load.products} products, ${world.shoppers.length} shoppers`,
    );
    console.log(
      `  orders: ${load.orders.accepted} new, ${load.orders.duplicates} already there, ${load.orders.rejectedCount} rejected; consent choices recorded: ${load.consents}`,
    );
    console.log(`  campaigns: ${campaigns.map((c) => `${c.name} (${c.status}${c.created ? ', new' : ''})`).join('; ')}`);
    const [first] = world.shoppers;
    console.log(`\n  Shopper to try: ${first.handle}, ${first.name}. ${first.persona}`);
    if (config.runtime.demoMode) {
      const { token } = await app.get(DemoService).startSession(first.handle);
      console.log(`  Token (12 h; POST ${base}/v1/demo/sessions {"handle":"shopper-0042"} signs more, GET /v1/demo/shoppers lists them):`);
      console.log(`    ${token}`);
      console.log(
        `  Then: io('${base}/carts', { auth: { token } }) and emit cart:review: the reminders of ${first.name}'s staples due today.`,
      );
    } else {
      console.log('  DEMO_MODE is off: sign a shopper token with your identity provider (sub demo-shopper-0001).');
    }
    console.log(`\n  API keys (X-Api-Key; kept in ${KEYS_FILE}, readable by you only; admin: ADMIN_API_KEY in .env):`);
    for (const { role, key, minted } of keys) {
      const note = [role === StaffRole.Supplier ? `${DEMO_SUPPLIER}, ${supplierId}` : '', minted ? 'new' : ''].filter(Boolean).join('; ');
      console.log(`    ${role.padEnd(9)} ${key}${note ? `  (${note})` : ''}`);
    }
    console.log('  More: npm run keys:mint -- --role marketer|supplier|privacy|ingest|admin [--supplier <id>]');
    console.log(`  Supplier ids: GET ${base}/v1/suppliers with the marketer key. API reference: ${base}/docs\n`);
  } finally {
    await app.close();
  }
}

seed().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
