/** Shared by playwright.config.ts and the fixtures: which window the specs drive, and the test server. */
export type Host = 'web' | 'electron'
export interface HostOptions {
  host: Host
}
/** The two window sizes every view is laid out for: Playwright's `viewport` option, set per project. */
export const DESKTOP_VIEWPORT = { width: 1280, height: 800 }
export const LAPTOP_VIEWPORT = { width: 1024, height: 640 }
/** SIEVE_E2E_PORT lets two checkouts run their suites side by side. */
export const E2E_PORT = Number(process.env.SIEVE_E2E_PORT ?? 47391)
export const E2E_TOKEN = 'e2e-token-5f0c1d2e3a4b'
