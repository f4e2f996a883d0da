import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { SieveApi } from '../../../../shared/api'
import type { ComparedJob, FunnelStep } from '../../../../shared/analysis'
import type { JobSummary } from '../../../../shared/jobs'
import { SieveError } from '../../../../shared/errors'
import { setDeps } from '../../app/deps'
import { useStore } from '../../app/store'
import { closeComparison, openComparison, toggleComparePick } from './compare-actions'
import { alignFunnels, validPicks } from './compare-slice'

/** A fake API: only the calls a test gives exist; any other call fails the test. */
function fakeApi(calls: Partial<Record<keyof SieveApi, (...args: never[]) => unknown>>): SieveApi {
  return new Proxy({} as SieveApi, {
    get: (_, name: string) => calls[name as keyof SieveApi] ?? (() => Promise.reject(new Error(`unexpected api.${name}`)))
  })
}

function step(index: number, name: string, rowsIn = 10, rowsOut = 10): FunnelStep {
  return { index, name, kind: name.endsWith('_filter') ? 'filter' : 'mapper', rowsIn, rowsOut, millis: 5 }
}

function compared(workDir: string, rowsOut: number): ComparedJob {
  return { workDir, name: workDir, rowsIn: 10, rowsOut, millis: 100, funnel: [step(0, 'text_length_filter', 10, rowsOut)], outputStats: {} }
}

function summary(workDir: string, status: JobSummary['status'], kind: JobSummary['kind'] = 'run'): JobSummary {
  return { workDir, kind, status } as JobSummary
}

const initial = useStore.getState()
beforeEach(() => useStore.setState(initial, true))

describe('comparing two jobs', () => {
  it('ticks at most two jobs, in order, and unticks', () => {
    toggleComparePick('/w/a')
    toggleComparePick('/w/b')
    toggleComparePick('/w/c')
    expect(useStore.getState().comparePicks).toEqual(['/w/a', '/w/b'])
    toggleComparePick('/w/a')
    toggleComparePick('/w/c')
    expect(useStore.getState().comparePicks).toEqual(['/w/b', '/w/c'])
  })

  it('keeps only ticked jobs still listed as finished runs', () => {
    const list = [
      summary('/w/a', 'completed'),
      summary('/w/b', 'running'),
      summary('/w/c', 'completed', 'analysis'),
      summary('/w/d', 'completed_with_failures')
    ]
    expect(validPicks(['/w/a', '/w/b', '/w/c', '/w/d', '/w/gone'], list)).toEqual(['/w/a', '/w/d'])
  })

  it('shows the comparison in the Jobs view, and only the newest one asked for', async () => {
    let answerFirst: (c: unknown) => void = () => undefined
    const compareJobs = vi
      .fn()
      .mockImplementationOnce(() => new Promise((resolve) => (answerFirst = resolve)))
      .mockResolvedValueOnce({ jobs: [compared('/w/a', 7), compared('/w/c', 3)] })
    setDeps({ api: fakeApi({ compareJobs }), confirm: () => true })
    useStore.setState({ view: 'job' })
    const first = openComparison('/w/a', '/w/b')
    expect(useStore.getState()).toMatchObject({ view: 'jobs', comparison: { status: 'loading', workDirs: ['/w/a', '/w/b'] } })
    await openComparison('/w/a', '/w/c')
    answerFirst({ jobs: [compared('/w/a', 7), compared('/w/b', 5)] })
    await first
    expect(compareJobs).toHaveBeenNthCalledWith(2, { a: '/w/a', b: '/w/c' })
    const shown = useStore.getState().comparison
    expect(shown.status === 'ready' && shown.comparison.jobs.map((j) => j.rowsOut)).toEqual([7, 3])
    expect(useStore.getState().comparePicks).toEqual(['/w/a', '/w/c'])
    closeComparison()
    expect(useStore.getState().comparison).toEqual({ status: 'closed' })
  })

  it('says why a comparison could not be made', async () => {
    const refusal = new SieveError('NOT_FOUND', 'No job in /w/gone: open a work directory that holds one.')
    setDeps({ api: fakeApi({ compareJobs: () => Promise.reject(refusal) }), confirm: () => true })
    await openComparison('/w/a', '/w/gone')
    expect(useStore.getState().comparison).toMatchObject({
      status: 'error',
      workDirs: ['/w/a', '/w/gone'],
      error: { code: 'NOT_FOUND', message: 'No job in /w/gone: open a work directory that holds one.' }
    })
  })
})

describe('aligning two funnels by operator', () => {
  const names = (lines: ReturnType<typeof alignFunnels>): string[] =>
    lines.map((l) => `${l.name}:${l.a !== undefined ? 'a' : ''}${l.b !== undefined ? 'b' : ''}`)

  it('pairs the same chain operator by operator', () => {
    const a = [step(0, 'clean_mapper'), step(1, 'text_length_filter')]
    const b = [step(0, 'clean_mapper'), step(1, 'text_length_filter')]
    const lines = alignFunnels(a, b)
    expect(names(lines)).toEqual(['clean_mapper:ab', 'text_length_filter:ab'])
    expect(lines[1]!.b).toBe(b[1])
  })

  it('gives an operator only one recipe runs a line of its own, where it runs', () => {
    const a = [step(0, 'clean_mapper'), step(1, 'words_num_filter'), step(2, 'text_length_filter'), step(3, 'document_deduplicator')]
    const b = [step(0, 'clean_mapper'), step(1, 'text_length_filter'), step(2, 'alnum_filter')]
    expect(names(alignFunnels(a, b))).toEqual([
      'clean_mapper:ab',
      'words_num_filter:a',
      'text_length_filter:ab',
      'document_deduplicator:a',
      'alnum_filter:b'
    ])
    expect(names(alignFunnels([], b))).toEqual(['clean_mapper:b', 'text_length_filter:b', 'alnum_filter:b'])
  })

  it('pairs a repeated operator in order, each occurrence once', () => {
    const a = [step(0, 'text_length_filter'), step(1, 'text_length_filter')]
    const b = [step(0, 'text_length_filter')]
    const lines = alignFunnels(a, b)
    expect(names(lines)).toEqual(['text_length_filter:ab', 'text_length_filter:a'])
    expect(lines[0]!.a).toBe(a[0])
  })
})
