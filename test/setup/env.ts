import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { testEnvironment } = require('./test-env.cjs') as { testEnvironment: () => Record<string, string> };
// Set, not defaulted: a DATABASE_URL exported in the shell must not reach the tests.
Object.assign(process.env, testEnvironment());
