import type { BrowserWindowConstructorOptions } from 'electron'
import type { WindowBounds } from './window-state'

/**
 * The main window's options. The renderer is untrusted: isolated from the preload, sandboxed,
 * without Node, and shown only when its first paint is ready.
 */
export function mainWindowOptions(preloadPath: string, bounds: WindowBounds, iconPath?: string): BrowserWindowConstructorOptions {
  return {
    ...bounds,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Sieve',
    autoHideMenuBar: false,
    ...(iconPath !== undefined ? { icon: iconPath } : {}),
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false
    }
  }
}
