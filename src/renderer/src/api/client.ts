import { createApi, transportFromBridge, type SieveApi } from '../../../shared/api'
import { websocketTransport } from './websocket'

/** True inside the Electron window, where the preload exposed `window.sieve`. */
export const inElectron = window.sieve !== undefined

function websocketUrl(): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:'
  return `${scheme}//${location.host}/api`
}

/** The one API client of the renderer, over IPC in Electron and over the WebSocket in a browser. */
export const api: SieveApi = createApi(
  window.sieve !== undefined ? transportFromBridge(window.sieve) : websocketTransport(websocketUrl())
)

/** A dropped file's path on disk, known only in Electron; a browser must upload the bytes. */
export function pathOfDroppedFile(file: File): string | undefined {
  const path = window.sieve?.pathForFile(file)
  return path !== undefined && path !== '' ? path : undefined
}
