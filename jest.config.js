import { swcOptions } from './scripts/swc-options.mjs';

// ESM all the way: NestJS 12 ships ES modules only, so Jest runs with --experimental-vm-modules.
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  roots: ['<rootDir>/libs', '<rootDir>/plugins', '<rootDir>/apps', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  moduleNameMapper: {
    '^@clientele/core$': '<rootDir>/libs/core/index.ts',
    '^@clientele/([a-z0-9-]+)$': '<rootDir>/plugins/$1/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
    // Its ES build imports JSON without an import attribute, which Jest warns about on every import; the CommonJS build is the same code.
    '^libphonenumber-js$': '<rootDir>/node_modules/libphonenumber-js/index.cjs',
  },
  transform: {
    '^.+\\.ts$': ['@swc/jest', swcOptions],
    '^.+content-disposition.+\\.js$': ['@swc/jest', { module: { type: 'es6' } }],
    // light-my-request (Fastify's inject, used in-process by the admin UI) requires the ESM-only `cookie`.
    '^.+/node_modules/cookie/.+\\.js$': ['@swc/jest', { module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!content-disposition|cookie/)'],
  globalSetup: '<rootDir>/test/setup/global-setup.mjs',
  globalTeardown: '<rootDir>/test/setup/global-teardown.mjs',
  testTimeout: 60000,
  maxWorkers: 2,
};
