import 'reflect-metadata';
import 'dotenv/config';
import { NestFactory } from '@nestjs/core';
import { IdentityVaultService } from '../modules/identity/identity-vault.service.js';
import { CliModule } from './cli.module.js';

/**
 * `npm run keys:rotate -- hmac|vault`
 *
 * Before running (README, "Rotating a key"): every instance knows the new key, and then has it
 * active (first in PSEUDONYM_HMAC_KEYS or VAULT_KEYS), the old key kept after it. After it: remove
 * the old key only once this reports nothing left under it. Both rotations are idempotent.
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
    if ('remaining' in result && result.remaining > 0) {
      console.error(
        `${result.remaining} entries are still under an old key: an instance still has it active. Finish the roll-out, then run this again; keep the old key until it reports 0.`,
      );
      process.exitCode = 3;
    }
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
