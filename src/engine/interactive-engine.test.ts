import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { SieveError } from '../shared/errors'
import { InteractiveEngine } from './interactive-engine'
import { validateParquet } from './parquet/validate'
import { PARQUET_BAD } from './testing'

const engine = new InteractiveEngine({ workerPath: join(__dirname, 'testing-worker.cjs'), timeoutMs: 60_000 })
afterAll(() => engine.close())

// Its data page crashes the decoder (a WebAssembly trap), which ends the thread that reads it.
const CRASHING = join(PARQUET_BAD, 'ARROW-GH-45185.parquet')

describe('InteractiveEngine', () => {
  it('a page read that crashes its thread does not fail a deep check of the same file running beside it', async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const [page, report] = await Promise.allSettled([
        engine.run('readPage', { path: CRASHING, offset: 0, limit: 5 }, 'Reading rows'),
        validateParquet(CRASHING, 'full', engine)
      ])
      expect(page.status).toBe('rejected')
      expect((page as PromiseRejectedResult).reason).toBeInstanceOf(SieveError)
      expect(report.status, String((report as PromiseRejectedResult).reason)).toBe('fulfilled')
      const { valid, findings } = (report as PromiseFulfilledResult<Awaited<ReturnType<typeof validateParquet>>>).value
      expect(valid).toBe(false)
      expect(findings.map((f) => f.code)).toContain('PAGE_DECODE_FAILED')
    }
  })
})
