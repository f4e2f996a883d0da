import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { SieveApi } from '../../../../shared/api'
import type { JobOutcomes } from '../../../../shared/analysis'
import { SieveError } from '../../../../shared/errors'
import { setDeps } from '../../app/deps'
import { useStore } from '../../app/store'
import { loadOutcomes } from './outcomes-actions'

/** A fake API: only the calls a test gives exist; any other call fails the test. */
function fakeApi(calls: Partial<Record<keyof SieveApi, (...args: never[]) => unknown>>): SieveApi {
  return new Proxy({} as SieveApi, {
    get: (_, name: string) => calls[name as keyof SieveApi] ?? (() => Promise.reject(new Error(`unexpected api.${name}`)))
  })
}

function outcomesOf(workDir: string, rowsDropped: number): JobOutcomes {
  return {
    workDir,
    complete: true,
    partitionsDone: 1,
    partitions: 1,
    outcomes: [
      {
        index: 0,
        name: 'text_length_filter',
        statsKey: 'text_len',
        rowsKept: 10 - rowsDropped,
        rowsDropped,
        kept: null,
        dropped: null,
        examples: [{ text: 'short', textLength: 5, stat: 5, reason: 'text_len 5 < min_len 100', partition: 0 }]
      }
    ]
  }
}

const initial = useStore.getState()
beforeEach(() => useStore.setState(initial, true))

describe('the filter outcomes of a job', () => {
  it('are asked for once per end of the job, and again after it ended anew', async () => {
    const jobOutcomes = vi.fn().mockResolvedValueOnce(outcomesOf('/w/a', 3)).mockResolvedValueOnce(outcomesOf('/w/a', 4))
    setDeps({ api: fakeApi({ jobOutcomes }), confirm: () => true })
    await loadOutcomes('/w/a', '2026-12-06T01:00:00Z')
    await loadOutcomes('/w/a', '2026-12-06T01:00:00Z')
    expect(jobOutcomes).toHaveBeenCalledTimes(1)
    expect(jobOutcomes).toHaveBeenCalledWith({ workDir: '/w/a' })
    const shown = useStore.getState().filterOutcomes
    expect(shown.status === 'ready' && shown.outcomes.outcomes[0]!.rowsDropped).toBe(3)
    // Resumed and ended again: its outcomes may have changed.
    await loadOutcomes('/w/a', '2026-12-06T02:00:00Z')
    const again = useStore.getState().filterOutcomes
    expect(again.status === 'ready' && again.outcomes.outcomes[0]!.rowsDropped).toBe(4)
  })

  it('show only the job opened last when an earlier answer comes late', async () => {
    let answerA: (o: JobOutcomes) => void = () => undefined
    const jobOutcomes = vi
      .fn()
      .mockImplementationOnce(() => new Promise((resolve) => (answerA = resolve)))
      .mockResolvedValueOnce(outcomesOf('/w/b', 1))
    setDeps({ api: fakeApi({ jobOutcomes }), confirm: () => true })
    const first = loadOutcomes('/w/a', null)
    expect(useStore.getState().filterOutcomes).toMatchObject({ status: 'loading', workDir: '/w/a' })
    await loadOutcomes('/w/b', null)
    answerA(outcomesOf('/w/a', 3))
    await first
    const shown = useStore.getState().filterOutcomes
    expect(shown.status === 'ready' && shown.outcomes.workDir).toBe('/w/b')
  })

  it('say why they are missing, and are asked for again on the next request', async () => {
    const old = new SieveError('NOT_FOUND', '/w/old was run by a Sieve that did not yet keep what each filter kept and dropped.')
    const jobOutcomes = vi.fn().mockRejectedValueOnce(old).mockResolvedValueOnce(outcomesOf('/w/old', 2))
    setDeps({ api: fakeApi({ jobOutcomes }), confirm: () => true })
    await loadOutcomes('/w/old', null)
    expect(useStore.getState().filterOutcomes).toMatchObject({
      status: 'error',
      workDir: '/w/old',
      error: { code: 'NOT_FOUND', message: old.message }
    })
    await loadOutcomes('/w/old', null)
    expect(useStore.getState().filterOutcomes.status).toBe('ready')
  })
})
