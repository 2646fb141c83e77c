import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const testEnv = require('./test-env.cjs') as Record<string, string>;
for (const [key, value] of Object.entries(testEnv)) process.env[key] ??= value;
