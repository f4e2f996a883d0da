import { beforeEach, describe, expect, it } from 'vitest'
import { tableFromArrays, tableToIPC } from 'apache-arrow'
import type { SieveApi } from '../../../../shared/api'
import { SieveError } from '../../../../shared/errors'
import { setDeps } from '../../app/deps'
import { useStore } from '../../app/store'
import { openDataset, openPath, showError } from './dataset-actions'

/** A fake backend holding datasets by path: any other path is refused as the real one refuses a missing file. */
function backend(datasets: Record<string, string[]>): SieveApi {
  const calls: Partial<SieveApi> = {
    inspectDataset: ({ path }) => {
      const rows = datasets[String(path)]
      if (rows === undefined) return Promise.reject(new SieveError('NOT_FOUND', `${String(path)} does not exist`))
      return Promise.resolve({
        path: String(path),
        kind: 'file',
        files: [],
        totalBytes: 1,
        format: 'jsonl',
        compression: 'none',
        schema: [{ name: 'text', type: 'Utf8', nullable: true }],
        rowCount: { value: rows.length, exact: true },
        head: tableToIPC(tableFromArrays({ text: rows })),
        headRows: rows.length,
        warnings: []
      })
    },
    jobDetails: () => Promise.reject(new SieveError('BAD_REQUEST', 'not a work directory', { notWorkDir: true }))
  }
  return new Proxy({} as SieveApi, {
    get: (_, name: string) => calls[name as keyof SieveApi] ?? (() => Promise.reject(new Error(`unexpected api.${name}`)))
  })
}

const initial = useStore.getState()
beforeEach(() => {
  useStore.setState(initial, true)
  setDeps({ api: backend({ '/a.jsonl': ['first'], '/c.jsonl': ['third'] }), confirm: () => true })
})

const openLabel = (): string | undefined => {
  const d = useStore.getState().dataset
  return d.status === 'ready' ? d.label : undefined
}

describe('opening datasets', () => {
  it('a path that cannot be opened keeps the dataset that was open, and says why above it', async () => {
    await openDataset('/a.jsonl')
    await openPath('/missing.jsonl')
    expect(openLabel()).toBe('/a.jsonl')
    expect(useStore.getState().datasetProblem).toMatchObject({ label: '/missing.jsonl', error: { code: 'NOT_FOUND' } })
  })

  it('the problem goes once another file opens', async () => {
    await openDataset('/a.jsonl')
    await openDataset('/missing.jsonl')
    await openDataset('/c.jsonl')
    expect(openLabel()).toBe('/c.jsonl')
    expect(useStore.getState().datasetProblem).toBeNull()
  })

  it('with no dataset open, the problem is what the view shows', async () => {
    await openDataset('/missing.jsonl')
    expect(useStore.getState().dataset).toMatchObject({ status: 'error', label: '/missing.jsonl' })
    expect(useStore.getState().datasetProblem).toBeNull()
  })

  it('a drop that cannot be read keeps the open dataset too, even while another open was under way', async () => {
    await openDataset('/a.jsonl')
    const pending = openDataset('/c.jsonl')
    showError('the dropped item', { code: 'UNREADABLE', message: 'Cannot read the drop' })
    await pending
    expect(openLabel()).toBe('/a.jsonl')
    expect(useStore.getState().datasetProblem?.label).toBe('the dropped item')
  })
})
