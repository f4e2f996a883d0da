// Mutation testing (StrykerJS): run through scripts/mutation.mjs (`npm run test:mutation`), which
// picks each module's files to mutate and the tests that cover them; see docs/mutation-testing.md.
const name = process.env.SIEVE_MUTATION_MODULE ?? 'custom'

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.config.mts', related: true },
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.stryker.json',
  // Mutants that type-check are the only ones worth a test run; a checker per process is enough here.
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  coverageAnalysis: 'perTest',
  // The machine has 2 cores and other work on it; raise with --concurrency where there is room.
  concurrency: 1,
  timeoutMS: 20_000,
  incremental: false,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: `reports/mutation/${name}.html` },
  jsonReporter: { fileName: `reports/mutation/${name}.json` },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  thresholds: { high: 90, low: 80, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true
}
