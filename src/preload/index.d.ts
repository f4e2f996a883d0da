import type { SieveBridge } from '../shared/api'

declare global {
  interface Window {
    /** Present only inside the Electron window; a browser talks to `sieve serve` over a WebSocket. */
    sieve?: SieveBridge
  }
}
