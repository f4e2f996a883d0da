import { fileUnder } from '../service/static-files'

/**
 * The window's own addresses. The packaged renderer is served over app://sieve/ rather than file://,
 * so that it is one origin of its own: a file:// page would share its origin with every file on disk.
 */
export const APP_SCHEME = 'app'
export const APP_ORIGIN = `${APP_SCHEME}://sieve`
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`

/**
 * The renderer's address. The dev server's address comes from the environment, which a packaged
 * app must never trust: anyone who can set a variable could then point the window (and its API) elsewhere.
 */
export function rendererUrl(devServerUrl: string | undefined, packaged: boolean): string {
  if (packaged || devServerUrl === undefined || devServerUrl === '') return APP_INDEX_URL
  return devServerUrl
}

/**
 * Same scheme, host and port. URL.origin cannot be used: it is "null" for schemes other than
 * http(s) and a few more. Prefix tests (`startsWith`) would accept http://localhost:51730 for
 * http://localhost:5173, or app://sieve.evil for app://sieve.
 */
export function sameOrigin(url: string, appUrl: string): boolean {
  let a: URL
  let b: URL
  try {
    a = new URL(url)
    b = new URL(appUrl)
  } catch {
    return false
  }
  return a.protocol === b.protocol && a.host === b.host && a.host !== ''
}

/** What the window's page may use: notifications when a job ends, and writing a recipe to the clipboard. */
const GRANTED = new Set(['notifications', 'clipboard-sanitized-write'])

/** Every other permission, and any permission asked by another origin (an embedded or navigated page), is denied. */
export function permissionAllowed(permission: string, requestingUrl: string, appUrl: string): boolean {
  return GRANTED.has(permission) && sameOrigin(requestingUrl, appUrl)
}

/** The built renderer file an app:// request names, or undefined (another host, a path leaving the folder). */
export function appFileOf(rendererDir: string, requestUrl: string): string | undefined {
  let url: URL
  try {
    url = new URL(requestUrl)
  } catch {
    return undefined
  }
  if (`${url.protocol}//${url.host}` !== APP_ORIGIN) return undefined
  return fileUnder(rendererDir, url.pathname)
}
