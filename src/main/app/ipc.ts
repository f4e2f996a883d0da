import { ipcMain, type WebContents } from 'electron'
import { CALL_CHANNEL, EVENT_CHANNEL } from '../../shared/ipc-channels'
import type { Backend } from '../service/backend'

/** One window is one caller of the backend: what it leaves unfinished is released when it goes. */
function clientOf(contents: WebContents): string {
  return `window-${contents.id}`
}

/**
 * Carries the API over Electron IPC. Only the app's own page may call: a frame from anywhere
 * else (a navigation that slipped through, an injected iframe) is refused.
 */
export function registerIpc(backend: Backend, isAppUrl: (url: string) => boolean): void {
  ipcMain.handle(CALL_CHANNEL, (event, method: unknown, params: unknown) => {
    const url = event.senderFrame?.url ?? ''
    if (!isAppUrl(url)) {
      return { ok: false, error: { code: 'UNAUTHORIZED', message: 'Requests are accepted only from the Sieve window.' } }
    }
    return backend.call(method, params, 'ipc', clientOf(event.sender))
  })
}

/** Pushes backend events to one window until it closes. */
export function forwardEvents(backend: Backend, contents: WebContents): void {
  const unsubscribe = backend.onEvent((event, payload) => {
    if (!contents.isDestroyed()) contents.send(EVENT_CHANNEL, event, payload)
  })
  contents.once('destroyed', () => {
    unsubscribe()
    void backend.releaseClient(clientOf(contents))
  })
}
