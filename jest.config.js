// Jest 30 + @swc/jest. NestJS 12 and a few of its dependencies ship as ESM only, so they
// must be transformed too (the packages listed below; Node 20.20 loads them with require(esm)).
const esmOnly = [
  '@nestjs/(?!throttler)[^/]+',
  'openid-client',
  'oauth4webapi',
  'jose',
  'oidc-provider',
  'file-type',
  'strtok3',
  'token-types',
  '@tokenizer',
  '@borewit',
  'uint8array-extras',
  'canonicalize',
].join('|');

const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];

const common = {
  transform: { '^.+\\.(t|j|mj)s$': swc },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly})/)`],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  testEnvironment: 'node',
};

module.exports = {
  testTimeout: 30000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    { ...common, displayName: 'contracts', testMatch: ['<rootDir>/test/contracts/**/*.test.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'] },
    // Given events in the store, when one HTTP request, then the exact answer and new events:
    // the real app in-process on a fresh embedded SQLite store per test.
    { ...common, displayName: 'api-spec', testMatch: ['<rootDir>/test/api-spec/**/*.test.ts'] },
    // The layer rules (.dependency-cruiser.cjs) hold on the code and fire on planted violations.
    { ...common, displayName: 'architecture', testMatch: ['<rootDir>/test/architecture/**/*.test.ts'] },
    // Runs the built service (dist/) as a child process: signals, crashes, first run.
    { ...common, displayName: 'process', testMatch: ['<rootDir>/test/process/**/*.test.ts'] },
    // Real Chromium (Debian's package, CHROMIUM_PATH to override) driven by playwright-core.
    { ...common, displayName: 'browser', testMatch: ['<rootDir>/test/browser/**/*.test.ts'] },
    // The benchmark harness's arithmetic (bench/lib: pairs, ratios, verdicts); no timed test.
    { ...common, displayName: 'bench', testMatch: ['<rootDir>/test/bench/**/*.test.ts'] },
    // Property-based: hostile bodies, queries and path values on every route (FUZZ_SEED, FUZZ_CASES).
    { ...common, displayName: 'fuzz', testMatch: ['<rootDir>/test/fuzz/**/*.test.ts'] },
  ],
};
