import 'reflect-metadata';
import 'dotenv/config';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppError } from '../common/errors/app-error.js';
import { ConfigModule } from '../config/config.module.js';
import { DatabaseModule } from '../infra/database/database.module.js';
import { ApiKeysModule } from '../modules/api-keys/api-keys.module.js';
import { ApiKeysService } from '../modules/api-keys/api-keys.service.js';
import { STAFF_ROLES, type StaffRole } from '../modules/auth/domain/principal.js';
import { parseArgs } from './cli-context.js';

const USAGE = `usage: npm run keys:mint -- --role ${STAFF_ROLES.join('|')} [--supplier <supplier id>] [--name <label>]`;

@Module({ imports: [ConfigModule, DatabaseModule, ApiKeysModule] })
class MintKeyModule {}

/**
 * `npm run keys:mint -- --role marketer`: an operator's way to a staff API key without an admin
 * key at hand (the same as POST /v1/api-keys, recorded as created by `cli`). The key alone goes to
 * stdout, shown once, so that a script can capture it; the rest goes to stderr.
 */
async function main(): Promise<void> {
  const { options } = parseArgs(process.argv.slice(2));
  const role = options.get('role');
  const supplierId = options.get('supplier');
  const name = options.get('name');
  if (typeof role !== 'string' || !STAFF_ROLES.includes(role as StaffRole) || supplierId === true || name === true) {
    console.error(USAGE);
    process.exit(2);
  }
  const app = await NestFactory.createApplicationContext(MintKeyModule, { logger: ['warn', 'error'] });
  try {
    const { record, key } = await app
      .get(ApiKeysService)
      .create({ name: name ?? `${role} (keys:mint)`, role: role as StaffRole, supplierId }, 'cli');
    console.error(`${record.role} key ${record.id}${record.supplierId ? ` for supplier ${record.supplierId}` : ''} (shown once):`);
    console.log(key);
  } catch (error) {
    if (error instanceof AppError) {
      const details = (error.details ?? []).map((d) => (d.message.startsWith(d.field) ? d.message : `${d.field}: ${d.message}`));
      console.error([error.message, ...details].join(': '));
      process.exitCode = 2;
    } else throw error;
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
