import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { SieveApi } from '../../../shared/api'
import { setDeps } from './deps'
import { useStore } from './store'
import { openWorkDir, loadJobs, startRecipeJob } from '../features/jobs/job-actions'
import { openRecipeFile } from '../features/recipe/recipe-actions'

/** A fake API: only the calls a test gives exist; any other call fails the test. */
function fakeApi(calls: Partial<Record<keyof SieveApi, (...args: never[]) => unknown>>): SieveApi {
  return new Proxy({} as SieveApi, {
    get: (_, name: string) => calls[name as keyof SieveApi] ?? (() => Promise.reject(new Error(`unexpected api.${name}`)))
  })
}

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((r) => (resolve = r))
  return { promise, resolve }
}

const initial = useStore.getState()
beforeEach(() => useStore.setState(initial, true))

describe('renderer actions with injected deps', () => {
  it('loadJobs keeps only the newest answer', async () => {
    const first = deferred<unknown>()
    const second = deferred<unknown>()
    const answers = [first.promise, second.promise]
    setDeps({ api: fakeApi({ listJobs: () => answers.shift() }), confirm: () => true })
    const older = loadJobs()
    const newer = loadJobs()
    second.resolve([{ workDir: '/new' }])
    first.resolve([{ workDir: '/old' }])
    await Promise.all([older, newer])
    expect(useStore.getState().jobs).toEqual({ status: 'ready', list: [{ workDir: '/new' }] })
  })

  it('openWorkDir shows the job, or the error the API gave', async () => {
    setDeps({ api: fakeApi({ jobDetails: () => Promise.reject(new Error('gone')) }), confirm: () => true })
    await openWorkDir('/w')
    const { job, view } = useStore.getState()
    expect(view).toBe('job')
    expect(job).toMatchObject({ status: 'error', workDir: '/w', error: { message: 'gone' } })
  })

  it('startRecipeJob starts the recipe being built and opens its monitor', async () => {
    const startJob = vi.fn(() => Promise.resolve({ workDir: '/out/job' }))
    const details = { workDir: '/out/job' }
    setDeps({ api: fakeApi({ startJob, jobDetails: () => Promise.resolve(details) }), confirm: () => true })
    useStore.setState({ recipe: { ...useStore.getState().recipe, yaml: 'process: []\n', baseDir: '/r' } })
    await startRecipeJob({ force: true })
    expect(startJob).toHaveBeenCalledWith({ yaml: 'process: []\n', baseDir: '/r', force: true })
    expect(useStore.getState().job).toEqual({ status: 'ready', details })
  })

  it('startRecipeJob names the recipe file (the job is named after it) and asks to replace an output only when told', async () => {
    const startJob = vi.fn(() => Promise.resolve({ workDir: '/out/job' }))
    setDeps({ api: fakeApi({ startJob, jobDetails: () => Promise.resolve({ workDir: '/out/job' }) }), confirm: () => true })
    useStore.setState({ recipe: { ...useStore.getState().recipe, yaml: 'process: []\n', baseDir: '/r', path: '/r/tweets-clean.yaml' } })
    await startRecipeJob()
    expect(startJob).toHaveBeenLastCalledWith({ yaml: 'process: []\n', baseDir: '/r', recipePath: '/r/tweets-clean.yaml' })
    await startRecipeJob({ replaceOutput: true })
    expect(startJob).toHaveBeenLastCalledWith({ yaml: 'process: []\n', baseDir: '/r', recipePath: '/r/tweets-clean.yaml', replaceOutput: true })
  })

  it('openRecipeFile asks before replacing unsaved changes, and a no keeps them', async () => {
    const readRecipe = vi.fn()
    const confirm = vi.fn(() => false)
    setDeps({ api: fakeApi({ readRecipe }), confirm })
    useStore.setState({ recipe: { ...useStore.getState().recipe, yaml: 'edited: 1\n', dirty: true, path: '/r/a.yaml' } })
    await openRecipeFile('/r/b.yaml')
    expect(confirm).toHaveBeenCalledWith('a.yaml has unsaved changes. Discard them and open b.yaml?')
    expect(readRecipe).not.toHaveBeenCalled()
    expect(useStore.getState().recipe.yaml).toBe('edited: 1\n')
  })
})
