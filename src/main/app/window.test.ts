import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { parse } from 'yaml'
import { afterAll, describe, expect, it } from 'vitest'
import { CONTENT_SECURITY_POLICY } from '../../shared/csp'
import { REPO_ROOT, scratchDir } from '../../engine/testing'
import { APP_INDEX_URL, appFileOf, permissionAllowed, rendererUrl, sameOrigin } from './app-url'
import { mainWindowOptions, viewMenuItems } from './window-options'
import { DEFAULT_WINDOW_STATE, loadWindowState, saveWindowState } from './window-state'

const scratch = scratchDir('window')
afterAll(() => scratch.remove())

describe('the main window', () => {
  it('isolates and sandboxes the renderer, without Node, and shows only when ready', () => {
    const options = mainWindowOptions('/app/preload.js', { width: 800, height: 600 }, { packaged: true })
    expect(options.show).toBe(false)
    // The views are laid out for 1024×640 and up: the window may not be made smaller.
    expect(options).toMatchObject({ minWidth: 1024, minHeight: 640 })
    expect(options.webPreferences).toMatchObject({
      preload: '/app/preload.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: false
    })
    expect(mainWindowOptions('/p.js', { width: 800, height: 600 }, { packaged: false }).webPreferences?.devTools).toBe(true)
  })

  it('has no DevTools or reload in the menu of a packaged build', () => {
    const roles = (packaged: boolean): unknown[] => viewMenuItems(packaged).map((item) => item.role)
    expect(roles(true)).not.toContain('toggleDevTools')
    expect(roles(true)).not.toContain('reload')
    expect(roles(true)).toContain('zoomIn')
    expect(roles(false)).toContain('toggleDevTools')
  })

  it('the built main bundle creates its window from those options', () => {
    const built = readFileSync(join(REPO_ROOT, 'out', 'main', 'index.js'), 'utf8')
    expect(built).toMatch(/new electron\.BrowserWindow\(mainWindowOptions\(/)
    expect(built).toMatch(/contextIsolation: true,\s+sandbox: true,\s+nodeIntegration: false/)
    // The page comes over app://, never from a file:// address.
    expect(built).toMatch(/registerSchemesAsPrivileged/)
    expect(built).not.toMatch(/loadFile\(/)
  })

  it('the built preload needs nothing a sandbox lacks: it requires only electron', () => {
    const built = readFileSync(join(REPO_ROOT, 'out', 'preload', 'index.js'), 'utf8')
    const required = [...built.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1])
    expect(required).toEqual(['electron'])
  })

  it('the built page carries the same Content-Security-Policy as the server sends', () => {
    const html = readFileSync(join(REPO_ROOT, 'out', 'renderer', 'index.html'), 'utf8')
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)
    expect(meta?.[1]).toBe(CONTENT_SECURITY_POLICY)
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|\*/)
  })

  it('remembers its size, and falls back to defaults on a damaged state file', () => {
    const file = join(scratch.path, 'window-state.json')
    expect(loadWindowState(file)).toEqual(DEFAULT_WINDOW_STATE)
    saveWindowState(file, { width: 1000, height: 700, x: 10, y: 20, maximized: true })
    expect(loadWindowState(file)).toEqual({ width: 1000, height: 700, x: 10, y: 20, maximized: true })
    writeFileSync(file, '{"width": "huge"')
    expect(loadWindowState(file)).toEqual(DEFAULT_WINDOW_STATE)
    writeFileSync(file, '{"width": 50, "height": 50, "maximized": false}')
    expect(loadWindowState(file)).toEqual(DEFAULT_WINDOW_STATE)
  })
})

describe("the window's addresses", () => {
  it('trusts ELECTRON_RENDERER_URL only in a build that is not packaged', () => {
    expect(rendererUrl('http://localhost:5173/', false)).toBe('http://localhost:5173/')
    expect(rendererUrl('http://evil.example/', true)).toBe(APP_INDEX_URL)
    expect(rendererUrl(undefined, false)).toBe(APP_INDEX_URL)
    expect(APP_INDEX_URL).toBe('app://sieve/index.html')
  })

  it('compares addresses by origin, not by prefix', () => {
    expect(sameOrigin('app://sieve/index.html#jobs', APP_INDEX_URL)).toBe(true)
    expect(sameOrigin('app://sieve', APP_INDEX_URL)).toBe(true)
    expect(sameOrigin('app://sieve.evil/index.html', APP_INDEX_URL)).toBe(false)
    expect(sameOrigin('app://other/index.html', APP_INDEX_URL)).toBe(false)
    expect(sameOrigin('https://sieve/index.html', APP_INDEX_URL)).toBe(false)
    expect(sameOrigin('http://localhost:5173/src/x.tsx', 'http://localhost:5173/')).toBe(true)
    expect(sameOrigin('http://localhost:51730/', 'http://localhost:5173/')).toBe(false)
    expect(sameOrigin('http://localhost:5173.evil.example/', 'http://localhost:5173')).toBe(false)
    expect(sameOrigin('http://localhost:5173@evil.example/', 'http://localhost:5173/')).toBe(false)
    expect(sameOrigin('file:///etc/passwd', 'file:///app/index.html')).toBe(false)
    expect(sameOrigin('not a url', APP_INDEX_URL)).toBe(false)
  })

  it('answers app:// with files of the renderer folder only', () => {
    const root = join('/opt', 'sieve', 'renderer')
    expect(appFileOf(root, 'app://sieve/')).toBe(join(root, 'index.html'))
    expect(appFileOf(root, 'app://sieve/assets/index-1.js?v=2')).toBe(join(root, 'assets', 'index-1.js'))
    expect(appFileOf(root, 'app://sieve/a%20b.css')).toBe(join(root, 'a b.css'))
    for (const escape of [
      'app://sieve/../../etc/passwd',
      'app://sieve/%2e%2e/%2e%2e/etc/passwd',
      'app://sieve/..%2f..%2fetc%2fpasswd',
      'app://sieve/%2Fetc%2Fpasswd'
    ]) {
      const file = appFileOf(root, escape)
      expect(file === undefined || file.startsWith(`${root}/`), `${escape} gave ${file}`).toBe(true)
    }
    expect(appFileOf(root, 'app://sieve/a%00.js')).toBeUndefined()
    expect(appFileOf(root, 'app://sieve/%E0%A4%A')).toBeUndefined()
    expect(appFileOf(root, 'app://other/index.html')).toBeUndefined()
    expect(appFileOf(root, 'file:///opt/sieve/renderer/index.html')).toBeUndefined()
  })

  it("grants notifications and clipboard writes to the app's own page, and denies everything else", () => {
    expect(permissionAllowed('notifications', 'app://sieve/', APP_INDEX_URL)).toBe(true)
    expect(permissionAllowed('clipboard-sanitized-write', 'app://sieve', APP_INDEX_URL)).toBe(true)
    for (const permission of ['media', 'geolocation', 'openExternal', 'fileSystem', 'clipboard-read', 'hid', 'serial', 'usb']) {
      expect(permissionAllowed(permission, 'app://sieve/', APP_INDEX_URL)).toBe(false)
    }
    expect(permissionAllowed('notifications', 'https://evil.example/', APP_INDEX_URL)).toBe(false)
    expect(permissionAllowed('notifications', '', APP_INDEX_URL)).toBe(false)
  })
})

describe('packaging', () => {
  it('electron-builder accepts the config, and its fuses turn off Node entry points and check the asar', async () => {
    const config = parse(readFileSync(join(REPO_ROOT, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
      enableCookieEncryption: true
    })
    const require = createRequire(join(REPO_ROOT, 'package.json'))
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
      validateConfiguration: (config: unknown, logger: unknown) => Promise<void>
    }
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown }
    await validateConfiguration(config, new DebugLogger(false))
  })
})
