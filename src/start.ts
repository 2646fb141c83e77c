import { startApi } from './api-process.js';
import { loadConfigOrExit } from './config/app-config.js';
import type { ConfigOverrides } from './config/config-sections.js';
import { startWorker } from './worker-process.js';

/** Starts what the configuration's ROLE says this process runs. */
export function start(overrides: ConfigOverrides = {}): void {
  const config = loadConfigOrExit(overrides);
  const started = config.runtime.role === 'worker' ? startWorker(config) : startApi(config);
  started.catch((error: unknown) => {
    console.error(JSON.stringify({ level: 'fatal', msg: 'start-up failed', err: error instanceof Error ? error.stack : String(error) }));
    process.exit(1);
  });
}

// A promise nobody awaited failed: log it as one JSON line and let the orchestrator restart us,
// rather than carry on in an unknown state.
process.on('unhandledRejection', (reason) => {
  console.error(
    JSON.stringify({ level: 'fatal', msg: 'unhandled rejection', err: reason instanceof Error ? reason.stack : String(reason) }),
  );
  process.exit(1);
});
