// Jest runs the ESM sources directly through SWC (see NOTES in README: NestJS 12 is ESM-only).
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'es6' },
    sourceMaps: 'inline',
  },
];

const common = {
  transform: { '^.+\\.ts$': swc },
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testEnvironment: 'node',
};

// Integration and e2e tests wait on real PostgreSQL, Redis and BullMQ; on a busy CI machine Jest's
// default 5 s has cut short tests that were only slow. Timing is measured by bench/, never here.
// It must be set at the top level: jest-circus reads the global config's testTimeout and silently
// ignores one set inside a project (Jest 30), which is how a 5 s cut-off survived until CI hit it.
const realServicesTimeout = 20_000;

export default {
  testTimeout: realServicesTimeout,
  testSequencer: '<rootDir>/test/setup/sequencer.cjs',
  projects: [
    {
      ...common,
      displayName: 'unit',
      roots: ['<rootDir>/src', '<rootDir>/bench', '<rootDir>/scripts', '<rootDir>/test/setup', '<rootDir>/web/src'],
      testMatch: ['**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'integration',
      roots: ['<rootDir>/test/integration'],
      testMatch: ['**/*.int-spec.ts'],
      globalSetup: '<rootDir>/test/setup/global-setup.ts',
      setupFiles: ['<rootDir>/test/setup/env.ts'],
    },
    {
      ...common,
      displayName: 'browser',
      roots: ['<rootDir>/test/browser'],
      testMatch: ['**/*.browser-spec.ts'],
      globalSetup: '<rootDir>/test/setup/global-setup.ts',
      setupFiles: ['<rootDir>/test/setup/env.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      roots: ['<rootDir>/test/e2e'],
      testMatch: ['**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/setup/global-setup.ts',
      setupFiles: ['<rootDir>/test/setup/env.ts'],
    },
  ],
};
