import { createApi, transportFromBridge, type SieveApi } from '../../../shared/api'
import { addressWithoutToken } from './address'
import { websocketTransport } from './websocket'

/** True inside the Electron window, where the preload exposed `window.sieve`. */
export const inElectron = window.sieve !== undefined

// The page that carried `?token=` came with the server's cookie, which is what the socket sends.
if (!inElectron) {
  const address = addressWithoutToken(location.href)
  if (address !== undefined) history.replaceState(history.state, '', address)
}

function websocketUrl(): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:'
  return `${scheme}//${location.host}/api`
}

/** The one API client of the renderer, over IPC in Electron and over the WebSocket in a browser. */
export const api: SieveApi = createApi(window.sieve !== undefined ? transportFromBridge(window.sieve) : websocketTransport(websocketUrl()))

/** A dropped file's path on disk, known only in Electron; a browser must upload the bytes. */
export function pathOfDroppedFile(file: File): string | undefined {
  const path = window.sieve?.pathForFile(file)
  return path !== undefined && path !== '' ? path : undefined
}
