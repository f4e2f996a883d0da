import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { defineConfig } from '@playwright/test'
import { DESKTOP_VIEWPORT, E2E_PORT, E2E_TOKEN, LAPTOP_VIEWPORT, type HostOptions } from './e2e/host'

/**
 * Whether the Electron binary loads on this machine. It is probed once, in the runner, and the
 * answer handed to the workers through the environment.
 */
if (process.env.SIEVE_ELECTRON_UNAVAILABLE === undefined) {
  const probe = spawnSync(process.execPath, ['-e', "require('electron')"], { encoding: 'utf8', timeout: 60_000 })
  const reason = probe.status === 0 ? '' : (probe.stderr.split('\n').find((l) => /error/i.test(l)) ?? 'it did not load').trim()
  process.env.SIEVE_ELECTRON_UNAVAILABLE = reason
  if (reason !== '') console.log(`[e2e] the electron project is skipped: \`node -e "require('electron')"\` fails here with: ${reason}`)
}

export default defineConfig<HostOptions>({
  testDir: 'e2e',
  outputDir: 'test-results/e2e',
  timeout: 90_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  use: {
    trace: 'retain-on-failure',
    viewport: DESKTOP_VIEWPORT,
    screenshot: 'only-on-failure'
  },
  projects: [
    { name: 'web', use: { host: 'web' } },
    // A laptop's window: the whole flow and every view again at 1024×640 (the other specs test behaviour, not layout).
    {
      name: 'web-laptop',
      use: { host: 'web', viewport: LAPTOP_VIEWPORT },
      testMatch: /(workflow|laptop|analysis|compare)\.spec\.ts/,
      grep: /the whole flow|every view fits|analyze the sample dataset|compare two runs/
    },
    // Killing `sieve serve` is web-only: the Electron window's backend is the window itself.
    { name: 'electron', use: { host: 'electron' }, testIgnore: /interrupt\.spec\.ts/ }
  ],
  webServer: {
    command: `node bin/sieve serve --port ${E2E_PORT}`,
    url: `http://127.0.0.1:${E2E_PORT}/`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: 'pipe',
    env: { SIEVE_TOKEN: E2E_TOKEN, SIEVE_HOME: join(__dirname, 'test-results', 'e2e-home') }
  }
})
