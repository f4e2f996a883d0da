import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiEvents, EventName, Method, Params } from '../../shared/api'
import { scratchDir } from '../../engine/testing'
import { LM_FIXTURES, readLmFixtures } from '../../engine/models/testing-lm'
import type { Backend } from './backend'
import { answerOf, createTestBackend, type Answer } from './testing-backend'

const scratch = scratchDir('models-api')
const dataDir = join(scratch.path, 'data')
const dataset = join(scratch.path, 'docs.jsonl')
let backend: Backend

const reply = <M extends Method>(method: M, params: Params<M>): Promise<Answer<M>> => answerOf(backend, method, params)

const yaml = `project_name: ppl\ndataset_path: ${dataset}\nexport_path: ${join(scratch.path, 'out.jsonl')}\nprocess:\n  - perplexity_filter:\n      max_ppl: 100\n`

beforeAll(() => {
  writeFileSync(
    dataset,
    readLmFixtures()
      .texts.map((text) => JSON.stringify({ text }))
      .join('\n') + '\n'
  )
  backend = createTestBackend(dataDir)
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

describe('models/add and models/fetch: the Choose file and Download actions', () => {
  it('add copies a chosen file into the store under the model name; a file of the wrong kind is refused', async () => {
    const added = await reply('models/add', { path: join(LM_FIXTURES, 'tiny.arpa'), name: 'de.arpa' })
    if (!added.ok) throw new Error(added.message)
    expect(added.result).toMatchObject({ name: 'de.arpa', path: join(dataDir, 'models', 'de.arpa') })
    expect(readFileSync(added.result.path)).toEqual(readFileSync(join(LM_FIXTURES, 'tiny.arpa')))
    const wrong = await reply('models/add', { path: join(LM_FIXTURES, 'eval.txt'), name: 'fr.arpa' })
    expect(wrong).toMatchObject({ ok: false, message: expect.stringMatching(/eval\.txt is not a KenLM language model for 'fr'/) })
  })

  it('fetch downloads a model, pushing models/progress, and says why when it cannot', async () => {
    const body = readFileSync(join(LM_FIXTURES, 'tiny.model'))
    const server = createServer((req, res) => {
      if (req.url !== '/de.sp.model') return void res.writeHead(404).end()
      res.writeHead(200, { 'content-length': String(body.length) }).end(body)
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const progress: ApiEvents['models/progress'][] = []
    const off = backend.onEvent(<E extends EventName>(event: E, payload: ApiEvents[E]) => {
      if (event === 'models/progress') progress.push(payload as ApiEvents['models/progress'])
    })
    try {
      const got = await reply('models/fetch', { name: 'de.sp.model', url: `${base}/de.sp.model` })
      if (!got.ok) throw new Error(got.message)
      expect(got.result).toMatchObject({ name: 'de.sp.model', bytes: body.length })
      expect(progress.at(-1)).toEqual({ name: 'de.sp.model', received: body.length, total: body.length })
      const missing = await reply('models/fetch', { name: 'fr.sp.model', url: `${base}/fr.sp.model` })
      expect(missing).toMatchObject({ ok: false, message: expect.stringContaining('the server answered 404') })
      const none = await reply('models/fetch', { name: 'fr.arpa' })
      expect(none).toMatchObject({ ok: false, message: expect.stringContaining('There is no download Sieve knows for fr.arpa') })
    } finally {
      off()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  })
})
