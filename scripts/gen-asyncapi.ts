import { readFileSync, writeFileSync } from 'node:fs';
import { ASYNCAPI_FILE, renderCartsAsyncApi } from './asyncapi/carts-asyncapi.js';

/**
 * Writes docs/asyncapi.yaml (`npm run docs:asyncapi`), or with `--check` fails when the committed
 * one differs from what the code describes (`npm run docs:check`). Run from the repository root.
 */
const rendered = renderCartsAsyncApi();
if (process.argv.includes('--check')) {
  let committed = '';
  try {
    committed = readFileSync(ASYNCAPI_FILE, 'utf8');
  } catch {
    // Missing: as stale as a different one.
  }
  if (committed !== rendered) {
    console.error(`${ASYNCAPI_FILE} is not what the code describes: run \`npm run docs:asyncapi\` and commit it.`);
    process.exit(1);
  }
} else {
  writeFileSync(ASYNCAPI_FILE, rendered);
}
