import { extname, isAbsolute, join, normalize, relative } from 'node:path'

/** The built renderer's files, as both `sieve serve` and the window's app:// protocol send them. */
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.woff2': 'font/woff2'
}

export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream'
}

/**
 * The file under `root` that a URL path names ('/' is index.html), or undefined for a path that is
 * not one (bad escapes, a NUL) or that would leave `root` (`..`, encoded or not, or an absolute path).
 */
export function fileUnder(root: string, urlPathname: string): string | undefined {
  let pathname: string
  try {
    pathname = decodeURIComponent(urlPathname)
  } catch {
    return undefined
  }
  if (pathname.includes('\0')) return undefined
  const file = join(root, normalize(pathname === '/' ? '/index.html' : pathname))
  const inside = relative(root, file)
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return undefined
  return file
}
