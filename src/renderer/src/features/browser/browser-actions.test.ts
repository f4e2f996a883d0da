import { beforeEach, describe, expect, it } from 'vitest'
import type { SieveApi } from '../../../../shared/api'
import type { DirectoryListing } from '../../../../shared/dataset'
import { SieveError } from '../../../../shared/errors'
import { setDeps } from '../../app/deps'
import { useStore } from '../../app/store'
import { browse, listTyped, setShowHidden } from './browser-actions'
import { LAST_FOLDER_KEY } from './last-folder'
import { pickPath } from './pick-path'

/** Folders that exist on the fake backend; its home is /home/me. */
const FOLDERS = ['/home/me', '/data', '/data/text']
const listed: { path?: string; showHidden?: boolean }[] = []

function fakeApi(): SieveApi {
  const listDirectory = (p: { path?: string; showHidden?: boolean }): Promise<DirectoryListing> => {
    listed.push(p)
    const path = p.path ?? '/home/me'
    if (!FOLDERS.includes(path)) return Promise.reject(new SieveError('NOT_FOUND', `${path} does not exist`))
    return Promise.resolve({ path, parent: '/', entries: [] })
  }
  return new Proxy({} as SieveApi, {
    get: (_, name: string) => (name === 'listDirectory' ? listDirectory : () => Promise.reject(new Error(`unexpected api.${name}`)))
  })
}

const memory = new Map<string, string>()
Object.defineProperty(globalThis, 'localStorage', {
  configurable: true,
  value: { getItem: (k: string) => memory.get(k) ?? null, setItem: (k: string, v: string) => void memory.set(k, v) }
})

const initial = useStore.getState()
beforeEach(() => {
  useStore.setState(initial, true)
  memory.clear()
  listed.length = 0
  setDeps({ api: fakeApi(), confirm: () => true })
})

const shown = (): string | undefined => useStore.getState().browser.listing?.path

describe('the path browser', () => {
  it('opens where it was last, and in the home folder the first time', async () => {
    await browse()
    expect(shown()).toBe('/home/me')
    await browse('/data/text')
    useStore.setState({ browser: { ...useStore.getState().browser, open: false } })
    await browse()
    expect(shown()).toBe('/data/text')
    expect(memory.get(LAST_FOLDER_KEY)).toBe('/data/text')
  })

  it('a remembered folder that has gone since gives way to the home folder, without an error', async () => {
    memory.set(LAST_FOLDER_KEY, '/gone')
    await browse()
    expect(shown()).toBe('/home/me')
    expect(useStore.getState().browser.error).toBeNull()
  })

  it('a typed folder that does not exist says so', async () => {
    await browse('/nope')
    expect(useStore.getState().browser.error).toContain('/nope does not exist')
  })

  it('lists hidden files when asked, in the folder it shows', async () => {
    await browse('/data')
    await setShowHidden(true)
    expect(listed.at(-1)).toEqual({ path: '/data', showHidden: true })
    expect(shown()).toBe('/data')
  })

  it('a Parquet file chosen to open is asked about, not opened', async () => {
    await browse('/data')
    await pickPath('/data/x.parquet')
    expect(useStore.getState().browser).toMatchObject({ open: true, parquetChoice: '/data/x.parquet' })
  })
})

describe('the live listing of a typed folder', () => {
  it('lists while the browser is open and never opens it again once closed', async () => {
    await browse('/data')
    await listTyped('/data/text')
    expect(shown()).toBe('/data/text')
    useStore.setState({ browser: { ...useStore.getState().browser, open: false } })
    await listTyped('/nope')
    expect(useStore.getState().browser).toMatchObject({ open: false, error: null })
  })
})
