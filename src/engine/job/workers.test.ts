import { readFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { parse } from 'yaml'
import { scratchDir } from '../testing'
import { corpusRecipe, runToEnd } from './testing-jobs'

/** Every engine worker thread started, counted as it is constructed; each is the real worker. */
const started = vi.hoisted(() => ({ count: 0 }))
vi.mock(import('../worker-client'), async (original) => {
  const real = await original()
  class CountedWorker extends real.EngineWorker {
    constructor(...args: ConstructorParameters<typeof real.EngineWorker>) {
      super(...args)
      started.count++
    }
  }
  return { ...real, EngineWorker: CountedWorker }
})

const scratch = scratchDir('workers')
afterAll(() => scratch.remove())

describe('np above the machine', () => {
  it('a recipe with np 50 runs as many workers as the machine has cores, says so once, and keeps np 50 for export and resume', async () => {
    const cores = availableParallelism()
    const workers = Math.min(50, cores)
    const recipe = corpusRecipe(scratch.path, 'np50', 50, '  - text_length_filter: {min_len: 10}\n')
    expect(recipe.np).toBe(50)
    const { outcome, events } = await runToEnd(recipe)
    expect(outcome.status).toBe('completed')
    expect(started.count).toBe(workers)
    const note = `np 50 is more than this machine's ${cores} cores: running ${workers} workers`
    expect(outcome.notes).toEqual(cores < 50 ? [note] : [])
    const warnings = events.filter((e) => e.level === 'WARNING')
    expect(warnings.map((e) => e.message)).toEqual(outcome.notes)
    expect(events.find((e) => e.event_type === 'job_start')?.message).toMatch(new RegExp(`, ${workers} worker\\(s\\)$`))
    const logged = readFileSync(join(recipe.work_dir, 'logs', 'processing_events.jsonl'), 'utf8')
    expect(logged.split('\n').filter((l) => l.includes(note))).toHaveLength(cores < 50 ? 1 : 0)
    expect((parse(readFileSync(join(recipe.work_dir, 'recipe.yaml'), 'utf8')) as { np: number }).np).toBe(50)

    // Resuming the recipe as recorded (np 50) is capped the same way.
    const resumed = await runToEnd(recipe, { resume: true })
    expect(resumed.outcome).toMatchObject({ status: 'completed', notes: outcome.notes })
    expect(resumed.events.filter((e) => e.level === 'WARNING').map((e) => [e.event_type, e.message])).toEqual(
      outcome.notes.map((n) => ['job_restart', n])
    )
  })
})
