import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Method, Params, Result } from '../../shared/api'
import { EngineWorker } from '../../engine/worker-client'
import { REPO_ROOT, scratchDir, TEST_WORKER } from '../../engine/testing'
import { LM_FIXTURES, readLmFixtures } from '../../engine/models/testing-lm'
import { Backend } from './backend'

const scratch = scratchDir('models-api')
const dataDir = join(scratch.path, 'data')
const dataset = join(scratch.path, 'docs.jsonl')
let backend: Backend

async function reply<M extends Method>(method: M, params: Params<M>): Promise<{ ok: true; result: Result<M> } | { ok: false; message: string }> {
  const r = await backend.call(method, params, 'websocket')
  return r.ok ? { ok: true, result: r.result as Result<M> } : { ok: false, message: r.error.message }
}

const yaml = `project_name: ppl\ndataset_path: ${dataset}\nexport_path: ${join(scratch.path, 'out.jsonl')}\nprocess:\n  - perplexity_filter:\n      max_ppl: 100\n`

beforeAll(() => {
  writeFileSync(
    dataset,
    readLmFixtures()
      .texts.map((text) => JSON.stringify({ text }))
      .join('\n') + '\n'
  )
  backend = new Backend({
    version: 'test',
    dataDir,
    resourcesDir: join(REPO_ROOT, 'resources'),
    engine: new EngineWorker({ workerPath: TEST_WORKER, timeoutMs: 60_000 }),
    workerPath: TEST_WORKER
  })
  return backend.init()
})

afterAll(async () => {
  await backend.close()
  scratch.remove()
})

describe("the window's recipe check and preview with models", () => {
  it('refuse a recipe whose models are not in the store with the message the CLI gives, naming the file and the command', async () => {
    const checked = await reply('recipes/validate', { yaml, baseDir: scratch.path })
    expect(checked.ok).toBe(false)
    const message = (checked as { message: string }).message
    expect(message).toContain(`not in the model store (${join(dataDir, 'models')})`)
    expect(message).toContain(
      "en.sp.model (SentencePiece tokenizer for 'en' (Data-Juicer's, trained on Wikipedia)), needed by perplexity_filter (process[0]): get it with 'sieve models fetch en.sp.model'"
    )
    const preview = await reply('preview/run', { path: dataset, process: [{ name: 'perplexity_filter', params: { max_ppl: 100 } }] })
    expect(preview).toEqual({ ok: false, message })
    const started = await reply('jobs/start', { yaml, baseDir: scratch.path })
    expect(started).toEqual({ ok: false, message })
  })

  it('check and preview the recipe once the models are in the store, with the perplexity of each row', async () => {
    mkdirSync(join(dataDir, 'models'), { recursive: true })
    copyFileSync(join(LM_FIXTURES, 'tiny.model'), join(dataDir, 'models', 'en.sp.model'))
    copyFileSync(join(LM_FIXTURES, 'tiny.arpa'), join(dataDir, 'models', 'en.arpa'))
    expect((await reply('recipes/validate', { yaml, baseDir: scratch.path })).ok).toBe(true)
    const preview = await reply('preview/run', { path: dataset, process: [{ name: 'perplexity_filter', params: { max_ppl: 100 } }] })
    if (!preview.ok) throw new Error(preview.message)
    const step = preview.result.steps[0]!
    const fixtures = readLmFixtures()
    expect(step.stat!.values).toHaveLength(fixtures.texts.length)
    step.stat!.values.forEach((v, i) => expect(Math.abs(v - Number(fixtures.perplexity[i]!.pp))).toBeLessThanOrEqual(0.0501))
    expect(step.rowsOut).toBe(fixtures.perplexity.filter((p) => Number(p.pp) <= 100).length)
  })
})
