import { spawnSync } from 'node:child_process'
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Method, Params } from '../../shared/api'
import { defaultSieveHome, modelStoreDir } from '../../engine'
import { REPO_ROOT, scratchDir } from '../../engine/testing'
import { LM_FIXTURES } from '../../engine/models/testing-lm'
import type { Backend } from './backend'
import { answerOf, createTestBackend, type Answer } from './testing-backend'

/** The desktop app keeps its files in its user-data folder, yet shares the CLI's model store: a model added by either is found by both. */

const scratch = scratchDir('shared-models')
const home = join(scratch.path, 'sieve-home')
let backend: Backend
const savedHome = process.env.SIEVE_HOME

function sieve(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'sieve'), ...args], {
    encoding: 'utf8',
    timeout: 300_000,
    env: { ...process.env, SIEVE_HOME: home }
  })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

const reply = <M extends Method>(method: M, params: Params<M>): Promise<Answer<M>> => answerOf(backend, method, params)

beforeAll(() => {
  process.env.SIEVE_HOME = home
  writeFileSync(join(scratch.path, 'docs.jsonl'), '{"text": "ein kleiner Text"}\n')
  // As src/main/app/index.ts builds it: its own files in the user-data folder, models in SIEVE_HOME's store.
  backend = createTestBackend(join(scratch.path, 'user-data'), { modelDir: modelStoreDir(defaultSieveHome()) })
  return backend.init()
})

afterAll(async () => {
  await backend.close()
  if (savedHome === undefined) delete process.env.SIEVE_HOME
  else process.env.SIEVE_HOME = savedHome
  scratch.remove()
})

describe('one model store for the window and the CLI', () => {
  it('a model added in the window is listed by sieve models', async () => {
    const added = await reply('models/add', { path: join(LM_FIXTURES, 'tiny.arpa'), name: 'en.arpa' })
    if (!added.ok) throw new Error(added.message)
    expect(added.result.path).toBe(join(home, 'models', 'en.arpa'))
    expect(existsSync(join(scratch.path, 'user-data', 'models', 'en.arpa'))).toBe(false)
    const listed = sieve('models', '--json')
    expect(listed.status).toBe(0)
    const rows = listed.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { name: string; present: boolean })
    // The ARPA text serves as perplexity_filter's KenLM model, en.arpa.bin, which is absent.
    expect(rows.find((r) => r.name === 'en.arpa.bin')).toMatchObject({ present: false, alternatives: [{ name: 'en.arpa', present: true }] })
  })

  it('models added with sieve models add satisfy the window’s recipe check', async () => {
    const yaml = `dataset_path: docs.jsonl\nexport_path: out.jsonl\nprocess:\n  - perplexity_filter: {lang: fr, max_ppl: 1000}\n`
    expect(await reply('recipes/validate', { yaml, baseDir: scratch.path })).toMatchObject({ ok: false })
    expect(sieve('models', 'add', join(LM_FIXTURES, 'tiny.arpa'), '--name', 'fr.arpa').status).toBe(0)
    expect(sieve('models', 'add', join(LM_FIXTURES, 'tiny.model'), '--name', 'fr.sp.model').status).toBe(0)
    expect(await reply('recipes/validate', { yaml, baseDir: scratch.path })).toMatchObject({ ok: true })
  })
})
