import 'reflect-metadata';
import 'dotenv/config';
import { NestFactory } from '@nestjs/core';
import { IdentityVaultService } from '../modules/identity/identity-vault.service.js';
import { CliModule } from './cli.module.js';

/**
 * `npm run keys:rotate -- hmac|vault`
 *
 * Before running: put the new key FIRST in PSEUDONYM_HMAC_KEYS (or VAULT_KEYS), keep the old
 * ones after it, and deploy that configuration (lookups keep working under both keys meanwhile).
 * After it: remove the old key. Both rotations are idempotent and can be resumed.
 */
async function main(): Promise<void> {
  const which = process.argv[2];
  if (which !== 'hmac' && which !== 'vault') {
    console.error('usage: npm run keys:rotate -- hmac|vault');
    process.exit(2);
  }
  const app = await NestFactory.createApplicationContext(CliModule, { logger: ['log', 'warn', 'error'] });
  try {
    const vault = app.get(IdentityVaultService);
    const result = which === 'hmac' ? await vault.rotateHmacKey('cli') : await vault.rotateVaultKey('cli');
    console.log(JSON.stringify({ rotated: which, ...result }));
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
