import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron'
import { createBridgeFunctions, type SieveBridge, type Transport } from '../shared/api'
import type { Reply } from '../shared/errors'
import { CALL_CHANNEL, EVENT_CHANNEL } from '../shared/ipc-channels'

/** Two channels, never exposed themselves: the page sees only the named functions of the API. */
const transport: Transport = {
  call: (method, params) => ipcRenderer.invoke(CALL_CHANNEL, method, params) as Promise<Reply<unknown>>,
  subscribe: (event, listener) => {
    const handler = (_e: IpcRendererEvent, name: unknown, payload: unknown): void => {
      if (name === event) listener(payload)
    }
    ipcRenderer.on(EVENT_CHANNEL, handler)
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, handler)
    }
  }
}

const bridge: SieveBridge = {
  ...createBridgeFunctions(transport),
  pathForFile: (file: File) => webUtils.getPathForFile(file)
}

contextBridge.exposeInMainWorld('sieve', bridge)
