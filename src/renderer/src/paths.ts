/** Path helpers for the window, which has no node:path: the backend may be on Windows or POSIX. */
export function isAbsolutePath(path: string): boolean {
  return path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\\\')
}

export function joinPath(base: string, path: string): string {
  if (isAbsolutePath(path) || base === '') return path
  const sep = base.includes('\\') && !base.includes('/') ? '\\' : '/'
  return `${base.replace(/[\\/]+$/, '')}${sep}${path.replace(/^\.[\\/]/, '')}`
}

/** The last name in a path; a trailing separator (a folder) does not make it empty. */
export function baseName(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).pop() ?? path
}

const PARQUET = /\.(parquet|pq)$/i

export function isParquetPath(path: string): boolean {
  return PARQUET.test(path)
}

export function dirName(path: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'))
  return cut <= 0 ? path.slice(0, cut + 1) : path.slice(0, cut)
}
