import type { BrowserWindowConstructorOptions, MenuItemConstructorOptions } from 'electron'
import type { WindowBounds } from './window-state'

/**
 * The main window's options. The renderer is untrusted: isolated from the preload, sandboxed,
 * without Node, and shown only when its first paint is ready. A packaged build has no DevTools.
 */
export function mainWindowOptions(
  preloadPath: string,
  bounds: WindowBounds,
  { iconPath, packaged }: { iconPath?: string; packaged: boolean }
): BrowserWindowConstructorOptions {
  return {
    ...bounds,
    // Every view is laid out for 1024×640 and up (e2e checks both sizes); smaller would cut views off.
    minWidth: 1024,
    minHeight: 640,
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
      spellcheck: false,
      devTools: !packaged
    }
  }
}

/** The View menu: zoom and full screen; reloading and DevTools only while developing. */
export function viewMenuItems(packaged: boolean): MenuItemConstructorOptions[] {
  const zoom: MenuItemConstructorOptions[] = [
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' }
  ]
  if (packaged) return zoom
  return [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }, ...zoom]
}
