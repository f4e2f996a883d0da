import { app, BrowserWindow, dialog, Menu, protocol, session, shell, type MenuItemConstructorOptions } from 'electron'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { OpenKind } from '../../shared/api'
import { CONTENT_SECURITY_POLICY } from '../../shared/csp'
import { APP_SCHEME, appFileOf, permissionAllowed, rendererUrl, sameOrigin } from './app-url'
import { DOCUMENT_EXTENSIONS, defaultSieveHome, modelStoreDir } from '../../engine'
import { Backend } from '../service/backend'
import { createEngineWorker, workerPath } from '../service/engine-worker'
import { forwardEvents, registerIpc } from './ipc'
import { rendererDir, resourcesDir } from '../service/paths'
import { contentTypeOf } from '../service/static-files'
import { mainWindowOptions, viewMenuItems } from './window-options'
import { loadWindowState, saveWindowState } from './window-state'

const appUrl = rendererUrl(process.env.ELECTRON_RENDERER_URL, app.isPackaged)

/** True for the app's own pages (app://sieve, or the dev server while developing). */
function isAppUrl(url: string): boolean {
  return sameOrigin(url, appUrl)
}

// Standard and secure: app://sieve is an origin of its own, where fetch (the WebAssembly) works.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }])

let mainWindow: BrowserWindow | null = null

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => {
    if (mainWindow === null) return
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.focus()
  })
  void app.whenReady().then(start)
}

async function start(): Promise<void> {
  const backend = new Backend({
    version: app.getVersion(),
    dataDir: app.getPath('userData'),
    // The CLI's model store, not one of the app's own: a model added by either is found by both.
    modelDir: modelStoreDir(defaultSieveHome()),
    resourcesDir: resourcesDir(__dirname, app.isPackaged ? process.resourcesPath : undefined),
    engine: createEngineWorker(),
    workerPath,
    reveal: (path) => shell.showItemInFolder(path)
  })
  await backend.init()
  registerIpc(backend, isAppUrl)
  serveRenderer(rendererDir(__dirname))

  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } })
  })
  session.defaultSession.setPermissionRequestHandler((_contents, permission, grant, details) =>
    grant(permissionAllowed(permission, details.requestingUrl, appUrl))
  )
  session.defaultSession.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    permissionAllowed(permission, requestingOrigin, appUrl)
  )

  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(({ url }) => {
      if (url.startsWith('https://')) void shell.openExternal(url)
      return { action: 'deny' }
    })
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault()
    })
    contents.on('will-redirect', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault()
    })
    contents.on('will-attach-webview', (event) => event.preventDefault())
  })

  createWindow(backend)
  Menu.setApplicationMenu(buildMenu(backend))

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow(backend)
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  app.on('will-quit', () => void backend.close())
}

function createWindow(backend: Backend): void {
  const stateFile = join(app.getPath('userData'), 'window-state.json')
  const state = loadWindowState(stateFile)
  const { maximized, ...bounds } = state
  const icon = join(resourcesDir(__dirname, app.isPackaged ? process.resourcesPath : undefined), 'icon.png')
  const window = new BrowserWindow(mainWindowOptions(join(__dirname, '../preload/index.js'), bounds, { iconPath: icon, packaged: app.isPackaged }))
  mainWindow = window
  forwardEvents(backend, window.webContents)

  window.once('ready-to-show', () => {
    if (maximized) window.maximize()
    window.show()
  })
  window.on('close', () => {
    saveWindowState(stateFile, { ...window.getNormalBounds(), maximized: window.isMaximized() })
  })
  window.on('closed', () => {
    mainWindow = null
  })

  void window.loadURL(appUrl)
}

/**
 * app://sieve/… answers with the built renderer's files, and nothing outside its folder. They are
 * read with Electron's fs, which reads inside app.asar; no file:// URL is involved.
 */
function serveRenderer(root: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = appFileOf(root, request.url)
    const bytes = file === undefined ? undefined : await readFile(file).catch(() => undefined)
    if (file === undefined || bytes === undefined) return new Response('Not found', { status: 404 })
    return new Response(new Uint8Array(bytes), {
      headers: { 'Content-Type': contentTypeOf(file), 'Content-Security-Policy': CONTENT_SECURITY_POLICY, 'X-Content-Type-Options': 'nosniff' }
    })
  })
}

function buildMenu(backend: Backend): Menu {
  const open = async (kind: OpenKind): Promise<void> => {
    if (mainWindow === null) return
    const options: Electron.OpenDialogOptions =
      kind === 'workdir'
        ? { title: 'Open Work Directory', properties: ['openDirectory'] }
        : kind === 'parquet'
          ? { title: 'Open Parquet File', properties: ['openFile'], filters: [{ name: 'Parquet', extensions: ['parquet', 'pq'] }] }
          : kind === 'recipe'
            ? { title: 'Open Recipe', properties: ['openFile'], filters: [{ name: 'Recipes (Data-Juicer YAML)', extensions: ['yaml', 'yml'] }] }
            : {
                title: 'Open Dataset',
                properties: ['openFile', 'openDirectory', 'multiSelections'],
                filters: [
                  {
                    name: 'Datasets',
                    extensions: ['jsonl', 'json', 'ndjson', 'csv', 'tsv', 'parquet', 'arrow', 'feather', 'gz', 'zst']
                  },
                  { name: 'Text documents (a row per file)', extensions: DOCUMENT_EXTENSIONS },
                  { name: 'All files', extensions: ['*'] }
                ]
              }
    const picked = await dialog.showOpenDialog(mainWindow, options)
    const path = picked.filePaths[0]
    if (!picked.canceled && path !== undefined) backend.emit('app/open', { kind, path })
  }
  const isMac = process.platform === 'darwin'
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Open Dataset…', accelerator: 'CmdOrCtrl+O', click: () => void open('dataset') },
        { label: 'Open Parquet File…', accelerator: 'CmdOrCtrl+Shift+O', click: () => void open('parquet') },
        { label: 'Open Work Directory…', accelerator: 'CmdOrCtrl+Alt+O', click: () => void open('workdir') },
        { label: 'Open Recipe…', accelerator: 'CmdOrCtrl+Shift+R', click: () => void open('recipe') },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' }
      ]
    },
    { role: 'editMenu' },
    { label: 'View', submenu: viewMenuItems(app.isPackaged) },
    { role: 'windowMenu' }
  ]
  return Menu.buildFromTemplate(template)
}
