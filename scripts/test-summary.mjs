// Adds up the JSON reports of vitest and Playwright into the one line CI reads:
// "N passed, N failed, N skipped". A missing report (its suite never ran) counts as a failure.
import { existsSync, readFileSync } from 'node:fs'

const [vitestFile, playwrightFile] = process.argv.slice(2)
let passed = 0
let failed = 0
let skipped = 0

if (existsSync(vitestFile)) {
  const v = JSON.parse(readFileSync(vitestFile, 'utf8'))
  passed += v.numPassedTests
  failed += v.numFailedTests + (v.numFailedTestSuites > 0 && v.numFailedTests === 0 ? v.numFailedTestSuites : 0)
  skipped += v.numPendingTests + v.numTodoTests
} else {
  console.log(`summary: ${vitestFile} is missing: the unit tests did not run`)
  failed += 1
}

if (existsSync(playwrightFile)) {
  const p = JSON.parse(readFileSync(playwrightFile, 'utf8'))
  passed += p.stats.expected + p.stats.flaky
  failed += p.stats.unexpected
  skipped += p.stats.skipped
  for (const e of p.errors ?? []) {
    console.log(`summary: playwright error: ${e.message?.split('\n')[0]}`)
    failed += 1
  }
} else {
  console.log(`summary: ${playwrightFile} is missing: the end-to-end tests did not run`)
  failed += 1
}

console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`)
process.exit(failed > 0 ? 1 : 0)
