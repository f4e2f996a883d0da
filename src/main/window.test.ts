import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { CONTENT_SECURITY_POLICY } from '../shared/csp'
import { REPO_ROOT, scratchDir } from '../engine/testing'
import { mainWindowOptions } from './window-options'
import { DEFAULT_WINDOW_STATE, loadWindowState, saveWindowState } from './window-state'

const scratch = scratchDir('window')
afterAll(() => scratch.remove())

describe('the main window', () => {
  it('isolates and sandboxes the renderer, without Node, and shows only when ready', () => {
    const options = mainWindowOptions('/app/preload.js', { width: 800, height: 600 })
    expect(options.show).toBe(false)
    expect(options.webPreferences).toMatchObject({
      preload: '/app/preload.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false
    })
  })

  it('the built main bundle creates its window from those options', () => {
    const built = readFileSync(join(REPO_ROOT, 'out', 'main', 'index.js'), 'utf8')
    expect(built).toMatch(/new electron\.BrowserWindow\(mainWindowOptions\(/)
    expect(built).toMatch(/contextIsolation: true,\s+sandbox: true,\s+nodeIntegration: false/)
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
