/** Where the folder the browser last showed is remembered, so the next Open path… starts there. */
export const LAST_FOLDER_KEY = 'sieve.lastFolder'

function storage(): Storage | undefined {
  try {
    return globalThis.localStorage
  } catch {
    // A profile that refuses storage: the browser starts in the home folder each time.
    return undefined
  }
}

export function rememberedFolder(): string | undefined {
  return storage()?.getItem(LAST_FOLDER_KEY) ?? undefined
}

export function rememberFolder(path: string): void {
  storage()?.setItem(LAST_FOLDER_KEY, path)
}
