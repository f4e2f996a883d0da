import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import { test as base, _electron, chromium, expect, type Page, type TestInfo } from '@playwright/test'
import { DESKTOP_VIEWPORT, E2E_PORT, E2E_TOKEN, type Host } from './host'

export const ROOT = resolve(__dirname, '..')
export const SHARED_DATA = resolve(ROOT, '..', 'shared', 'data')

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic'
]

/**
 * `app` is the Sieve window: the page `sieve serve` gives Debian's Chromium (project `web`), or the
 * Electron window (project `electron`, skipped with its reason where Electron cannot load).
 */
export const test = base.extend<{ host: Host; app: Page }>({
  host: ['web', { option: true }],
  app: async ({ host, viewport }, use) => {
    if (host === 'electron') {
      const reason = process.env.SIEVE_ELECTRON_UNAVAILABLE ?? ''
      test.skip(reason !== '', `the Electron binary does not load on this machine: \`node -e "require('electron')"\` fails with: ${reason}`)
      const app = await _electron.launch({ args: [join(ROOT, 'out', 'main', 'index.js')] })
      const window = await app.firstWindow()
      await use(window)
      await app.close()
      return
    }
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS })
    const page = await browser.newPage({ viewport: viewport ?? DESKTOP_VIEWPORT })
    await page.goto(`http://127.0.0.1:${E2E_PORT}/?token=${E2E_TOKEN}`)
    await use(page)
    await browser.close()
  }
})

export { expect } from '@playwright/test'

/** A `sieve serve` of a test's own, for tests that kill the backend. */
export async function startServe(home: string, port: number, token: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'sieve'), 'serve', '--port', String(port)], {
    env: { ...process.env, SIEVE_TOKEN: token, SIEVE_HOME: home },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  await new Promise<void>((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      if (out.includes('is serving on')) resolve()
    })
    child.on('exit', (code) => reject(new Error(`sieve serve exited with ${code}: ${out}`)))
  })
  return child
}

/** Debian's Chromium on a page of a test's own server. */
export async function openBrowserPage(url: string): Promise<{ page: Page; close: () => Promise<void> }> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS })
  const page = await browser.newPage({ viewport: DESKTOP_VIEWPORT })
  await page.goto(url)
  return { page, close: () => browser.close() }
}

/** Drops real files on the window the way a person does: a DataTransfer with File objects. */
export async function dropFiles(page: Page, paths: string[]): Promise<void> {
  const files = paths.map((p) => ({ name: basename(p), base64: readFileSync(p).toString('base64') }))
  const dataTransfer = await page.evaluateHandle((items) => {
    const transfer = new DataTransfer()
    for (const item of items) {
      const binary = atob(item.base64)
      const bytes = new Uint8Array(binary.length)
      for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
      transfer.items.add(new File([bytes], item.name))
    }
    return transfer
  }, files)
  const zone = page.getByTestId('drop-zone')
  await zone.dispatchEvent('dragenter', { dataTransfer })
  await zone.dispatchEvent('dragover', { dataTransfer })
  await zone.dispatchEvent('drop', { dataTransfer })
}

const CONTROL_ROLES = [
  'button',
  'link',
  'textbox',
  'searchbox',
  'combobox',
  'listbox',
  'checkbox',
  'radio',
  'switch',
  'slider',
  'spinbutton',
  'tab',
  'menuitem'
]
/** An accessibility-tree line of a control with no name: `- button` or `- textbox: value`, where a named one reads `- button "Open"`. */
const UNNAMED_CONTROL = new RegExp(`^\\s*- (${CONTROL_ROLES.join('|')})(?: \\[[^\\]]*\\])*(?::.*)?$`)

/** The controls on the page that a screen reader would announce without a name. */
export async function unnamedControls(page: Page): Promise<string[]> {
  const tree = await page.locator('body').ariaSnapshot()
  return tree.split('\n').filter((line) => UNNAMED_CONTROL.test(line))
}

/**
 * The page's boxes that scroll sideways as a whole: the document, and the main view. A box inside a view
 * (a data grid, a table) may scroll on its own; the view around it must fit the window.
 */
export async function sidewaysScrollers(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const main = document.querySelector('main')
    const boxes: [string, Element | null][] = [
      ['document', document.scrollingElement],
      ['body', document.body],
      ['main', main],
      // A view that clips what does not fit hides it as surely as one that scrolls.
      ...[...(main?.children ?? [])].map((el): [string, Element] => [`the view's .${el.className.split(' ')[0] ?? el.tagName}`, el])
    ]
    return boxes
      .filter(([, el]) => el !== null && el.scrollWidth > el.clientWidth + 1)
      .map(([name, el]) => `${name} is ${el!.scrollWidth} px wide in a ${el!.clientWidth} px window`)
  })
}

/**
 * Saves a screenshot as a test artifact (named after the window's size), attached to the report. Every view
 * screenshotted must fit the window's width, and every control in view must have an accessible name.
 */
export async function snapshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  expect(await unnamedControls(page), `controls without an accessible name in ${name}`).toEqual([])
  const size = page.viewportSize()
  const sized = size === null ? name : `${name}-${size.width}x${size.height}`
  // Soft: one run names every view that does not fit, not only the first.
  expect.soft(await sidewaysScrollers(page), `${sized} scrolls sideways`).toEqual([])
  const path = testInfo.outputPath(`${sized}.png`)
  await page.screenshot({ path, fullPage: true })
  await testInfo.attach(sized, { path, contentType: 'image/png' })
}
