import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { SieveError } from '../../shared/errors'
import { scratchDir, TEST_WORKER } from '../testing'
import { Job } from '../job/job'
import { recipeFrom } from '../job/testing-jobs'
import { checkModels, findModels, modelsNeeded } from './needs'
import { ModelStore } from './store'
import { LM_FIXTURES, readLmFixtures } from './testing-lm'

const scratch = scratchDir('sieve-needs-')
afterAll(() => scratch.remove())

const ppl = [{ name: 'perplexity_filter', params: { lang: 'en', min_ppl: 0, max_ppl: 1500 } }]

describe('the models a recipe needs', () => {
  it('are listed once each, with every operator that needs them', () => {
    const needs = modelsNeeded([
      { name: 'perplexity_filter', params: {} },
      { name: 'words_num_filter', params: { tokenization: true } },
      { name: 'text_length_filter', params: {} }
    ])
    expect(needs.map((n) => [n.spec.name, n.users])).toEqual([
      [
        'en.sp.model',
        [
          { op: 'perplexity_filter', index: 0 },
          { op: 'words_num_filter', index: 1 }
        ]
      ],
      ['en.arpa.bin', [{ op: 'perplexity_filter', index: 0 }]]
    ])
  })

  it('are refused when absent, naming the KenLM model in both formats and how to get it', () => {
    const store = new ModelStore(join(scratch.path, 'empty-store'))
    mkdirSync(store.dir, { recursive: true })
    let error: unknown
    try {
      checkModels(ppl, store)
    } catch (err) {
      error = err
    }
    expect(error).toBeInstanceOf(SieveError)
    expect((error as SieveError).code).toBe('BAD_REQUEST')
    expect((error as SieveError).details).toEqual({ models: ['en.sp.model', 'en.arpa.bin'], modelDir: store.dir })
    const message = (error as SieveError).message
    expect(message).toContain(
      "en.arpa.bin (KenLM language model for 'en', in KenLM's binary format (Data-Juicer's, trained on Wikipedia)) or en.arpa ("
    )
    expect(message).toContain("get it with 'sieve models fetch en.arpa.bin'")
    expect(message).toContain(
      "'sieve models add FILE --name en.arpa.bin' takes KenLM's binary format (build_binary's output) or ARPA text (filed as en.arpa)"
    )
  })

  it('are found and recorded on the operators by findModels, and only checked by checkModels', () => {
    const store = new ModelStore(join(scratch.path, 'store'))
    mkdirSync(store.dir, { recursive: true })
    copyFileSync(join(LM_FIXTURES, 'tiny.model'), join(store.dir, 'en.sp.model'))
    copyFileSync(join(LM_FIXTURES, 'tiny.arpa'), join(store.dir, 'en.arpa'))
    const ops = structuredClone(ppl)
    checkModels(ops, store)
    expect(ops[0]).not.toHaveProperty('models')
    findModels(ops, store)
    // The ARPA text serves as the KenLM model while the binary one is absent; once there, the binary one is used.
    expect(ops[0]).toMatchObject({ models: { 'en.sp.model': join(store.dir, 'en.sp.model'), 'en.arpa.bin': join(store.dir, 'en.arpa') } })
    copyFileSync(join(LM_FIXTURES, 'tiny.probing.bin'), join(store.dir, 'en.arpa.bin'))
    findModels(ops, store)
    expect(ops[0]).toMatchObject({ models: { 'en.arpa.bin': join(store.dir, 'en.arpa.bin') } })
  })

  it('are looked for again when a job is resumed: a model removed since is refused before any work', async () => {
    const store = join(scratch.path, 'job-store')
    mkdirSync(store, { recursive: true })
    copyFileSync(join(LM_FIXTURES, 'tiny.model'), join(store, 'en.sp.model'))
    copyFileSync(join(LM_FIXTURES, 'tiny.arpa'), join(store, 'en.arpa'))
    const data = join(scratch.path, 'docs.jsonl')
    writeFileSync(
      data,
      readLmFixtures()
        .texts.map((text) => JSON.stringify({ text }))
        .join('\n') + '\n'
    )
    const recipe = recipeFrom(
      `project_name: resumed\ndataset_path: ${data}\nexport_path: ${join(scratch.path, 'out', 'r.parquet')}\nnp: 1\nprocess:\n  - perplexity_filter:\n`,
      scratch.path
    )
    const job = await Job.create(recipe, { workerPath: TEST_WORKER, modelDir: store })
    job.cancel()
    await job.run()
    rmSync(join(store, 'en.arpa'))
    await expect(Job.open(recipe.work_dir, { workerPath: TEST_WORKER, modelDir: store })).rejects.toThrow(
      /en\.arpa\.bin .* or en\.arpa .*needed by perplexity_filter/
    )
    // The refusal released the work directory's lock: with the model back, the job resumes to the end.
    copyFileSync(join(LM_FIXTURES, 'tiny.arpa'), join(store, 'en.arpa'))
    const resumed = await Job.open(recipe.work_dir, { workerPath: TEST_WORKER, modelDir: store })
    expect((await resumed.run()).status).toBe('completed')
    expect(existsSync(join(scratch.path, 'out', 'r.parquet'))).toBe(true)
  })
})
