import { writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Method, Params } from '../../shared/api'
import { REPO_ROOT, scratchDir } from '../../engine/testing'
import type { Backend } from './backend'
import { answerOf, createTestBackend, type Answer } from './testing-backend'

/** Custom operators through the API the window uses: the palette's list, the recipe check and the preview. */

const SAMPLES = join(REPO_ROOT, 'resources', 'custom-ops')
const scratch = scratchDir('custom-ops-api')
const dataset = join(scratch.path, 'docs.jsonl')
let backend: Backend

const reply = <M extends Method>(method: M, params: Params<M>): Promise<Answer<M>> => answerOf(backend, method, params)

beforeAll(() => {
  writeFileSync(dataset, ['Hello there\n-- \nBob', 'ALL CAPS HERE', 'Plain words'].map((text) => JSON.stringify({ text })).join('\n') + '\n')
  backend = createTestBackend(join(scratch.path, 'data'))
  return backend.init()
})

afterAll(async () => {
  await backend.close()
  scratch.remove()
})

describe('custom operators in the window', () => {
  it('ops/list lists the recipe’s custom operators with their module, and only when asked', async () => {
    const listed = await reply('ops/list', { customOperatorPaths: [SAMPLES] })
    expect(listed.ok && listed.result.ops.find((op) => op.name === 'strip_signature_mapper')).toMatchObject({
      kind: 'mapper',
      source: join(SAMPLES, 'strip_signature_mapper.mjs')
    })
    expect(listed.ok && listed.result.customOpsError).toBeUndefined()
    const plain = await reply('ops/list', {})
    expect(plain.ok && plain.result.ops.some((op) => op.source !== undefined)).toBe(false)
  })

  it('ops/list with a broken module still lists Sieve’s own operators and the modules that load, and reports it once, naming the file', async () => {
    const broken = join(scratch.path, 'syntax-error.mjs')
    writeFileSync(broken, 'export default ({ defineOp }) => defineOp({\n')
    const listed = await reply('ops/list', { customOperatorPaths: [SAMPLES, broken] })
    if (!listed.ok) throw new Error(listed.message)
    // How the syntax error is put depends on the loader (Node, or Vite under this test); the file and the failure are named.
    expect(listed.result.customOpsError).toMatch(/^Custom operator module .*syntax-error\.mjs could not be loaded: \w*Error: [^\n]*$/)
    expect(listed.result.customOpsError).toContain(`Custom operator module ${broken} `)
    const names = listed.result.ops.map((op) => op.name)
    expect(names).toContain('text_length_filter')
    expect(names).toContain('token_num_filter')
    expect(listed.result.ops.filter((op) => op.source !== undefined).map((op) => op.name)).toEqual([
      'digit_ratio_filter',
      'strip_signature_mapper',
      'uppercase_ratio_filter'
    ])
    const twoBroken = await reply('ops/list', { customOperatorPaths: [broken, join(scratch.path, 'gone.mjs')] })
    expect(twoBroken.ok && twoBroken.result.customOpsError?.split('\n')).toEqual([
      expect.stringContaining(`Custom operator module ${broken} could not be loaded`),
      `Custom operator module ${join(scratch.path, 'gone.mjs')} does not exist. Check custom_operator_paths (a relative path is taken from the recipe’s folder).`
    ])
    expect(twoBroken.ok && twoBroken.result.ops.some((op) => op.source !== undefined)).toBe(false)
    const missing = join(scratch.path, 'no-such-module.mjs')
    expect(await reply('ops/list', { customOperatorPaths: [missing] })).toMatchObject({
      ok: true,
      result: { customOpsError: expect.stringContaining(`Custom operator module ${missing} does not exist.`) as unknown }
    })
    // Fixed, the same path lists its operator.
    writeFileSync(broken, await readFile(join(SAMPLES, 'strip_signature_mapper.mjs'), 'utf8'))
    const fixed = await reply('ops/list', { customOperatorPaths: [broken] })
    expect(fixed.ok && fixed.result.customOpsError).toBeUndefined()
    expect(fixed.ok && fixed.result.ops.find((op) => op.name === 'strip_signature_mapper')?.source).toBe(broken)
  })

  it('recipes/validate loads them from the recipe’s folder; preview/run runs them', async () => {
    const yaml = `dataset_path: docs.jsonl\nexport_path: out.jsonl\ncustom_operator_paths: ${SAMPLES}\nprocess:\n  - strip_signature_mapper:\n  - uppercase_ratio_filter:\n`
    const checked = await reply('recipes/validate', { yaml, baseDir: scratch.path })
    expect(checked.ok && checked.result.recipe.custom_operator_paths).toEqual([SAMPLES])
    const preview = await reply('preview/run', {
      path: dataset,
      process: [{ name: 'strip_signature_mapper' }, { name: 'uppercase_ratio_filter' }],
      customOperatorPaths: [SAMPLES]
    })
    expect(preview.ok && preview.result.steps.map((s) => s.rowsOut)).toEqual([3, 2])
    const exported = await reply('recipes/export', { yaml, baseDir: scratch.path, to: 'data-juicer' })
    expect(exported.ok && exported.result.warnings).toEqual([
      'strip_signature_mapper, uppercase_ratio_filter are custom operators in JavaScript or TypeScript (custom_operator_paths, left out), which Data-Juicer cannot load: write them as Data-Juicer operators in Python and list those in its custom_operator_paths.'
    ])
  })

  it('a broken module: the check says which file and why', async () => {
    const broken = join(scratch.path, 'broken.mjs')
    writeFileSync(broken, 'export default () => 42\n')
    const yaml = `dataset_path: docs.jsonl\nexport_path: out.jsonl\ncustom_operator_paths: broken.mjs\nprocess:\n  - whitespace_normalization_mapper:\n`
    expect(await reply('recipes/validate', { yaml, baseDir: scratch.path })).toEqual({
      ok: false,
      message: `recipe: Custom operator module ${broken} must return defineOp({ … }) (or a list of them), made with the defineOp Sieve passes to its default export.`
    })
  })
})
