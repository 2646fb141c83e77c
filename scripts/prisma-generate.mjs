// Runs `prisma generate` on machines that cannot download Prisma's native schema engine.
// `generate` needs no engine at all, but the CLI insists on resolving one first: pointing
// PRISMA_SCHEMA_ENGINE_BINARY at any existing file skips that download (see README, "Migrations").
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY) env.PRISMA_SCHEMA_ENGINE_BINARY = process.execPath;

if (!existsSync('node_modules/prisma/build/index.js')) {
  console.log('prisma-generate: prisma CLI not installed (production install?), skipping');
  process.exit(0);
}
const result = spawnSync(process.execPath, ['node_modules/prisma/build/index.js', 'generate'], {
  env,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
