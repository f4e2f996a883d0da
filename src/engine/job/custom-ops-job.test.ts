import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { duckdbColumn } from '../testing-duckdb'
import { InteractiveEngine } from '../interactive-engine'
import { activateCustomOps } from '../ops/custom'
import { scratchDir, TEST_WORKER } from '../testing'
import { WorkDir } from './layout'
import { readPlan } from './plan-file'
import { readRecipe } from './recipe'
import { runToEnd } from './testing-jobs'

/** Custom operators end to end: a recipe names module files, a job runs them on worker threads, a resume notices an edit. */

const SAMPLES = resolve(__dirname, '../../../resources/custom-ops')
const scratch = scratchDir('custom-job')
const root = scratch.path
const ROWS = 400

/** Row i's text: every third has a signature, every fifth shouts, the rest are plain. */
function text(i: number): string {
  const body = i % 5 === 0 ? `ROW ${i} SAYS HELLO LOUDLY` : `Row ${i} says hello quietly`
  return i % 3 === 0 ? `${body}\n-- \nSent from row ${i}` : body
}

beforeAll(() => {
  mkdirSync(join(root, 'ops'))
  for (const name of ['strip_signature_mapper.mjs', 'uppercase_ratio_filter.mjs']) copyFileSync(join(SAMPLES, name), join(root, 'ops', name))
  // A module of the test's own, in CommonJS, beside the folder: it tags each text with its length.
  writeFileSync(
    join(root, 'length_tag_mapper.cjs'),
    `module.exports = ({ defineOp, Mapper }) => {
      class LengthTagMapper extends Mapper { processText(t) { return this.params.prefix + [...t].length + ' ' + t } }
      return defineOp({ name: 'length_tag_mapper', kind: 'mapper', description: 'Prefixes each text with its length.',
        params: [{ name: 'prefix', type: 'string', default: '#', description: 'Put before the length.' }],
        create: (info, params, context) => new LengthTagMapper(info, params, context) })
    }`
  )
  writeFileSync(join(root, 'corpus.jsonl'), Array.from({ length: ROWS }, (_, i) => `${JSON.stringify({ id: i, text: text(i) })}\n`).join(''))
})
afterAll(() => {
  activateCustomOps([])
  scratch.remove()
})

const RECIPE = (name: string, process: string): string =>
  [
    'dataset_path: corpus.jsonl',
    `export_path: ${name}/out.parquet`,
    `work_dir: ${name}/work`,
    'np: 2',
    'partition_size: 100',
    'max_retries: 0',
    'custom_operator_paths: [ops, length_tag_mapper.cjs]',
    'process:',
    process
  ].join('\n')

const CHAIN = ['  - strip_signature_mapper:', '  - uppercase_ratio_filter: {max_ratio: 0.5}', "  - length_tag_mapper: {prefix: 'len='}"].join('\n')

describe('a recipe with custom operators', () => {
  it('runs them in a job on two worker threads, as the recipe says', async () => {
    const { recipe, notes } = await readRecipe(RECIPE('job', CHAIN), root)
    expect(notes.join('\n')).not.toContain('custom_operator_paths')
    expect(recipe.custom_operator_paths).toEqual([join(root, 'ops'), join(root, 'length_tag_mapper.cjs')])
    const { outcome } = await runToEnd(recipe)
    expect(outcome.status).toBe('completed')

    const expected = Array.from({ length: ROWS }, (_, i) => i)
      .filter((i) => i % 5 !== 0)
      .map((i) => {
        const stripped = `Row ${i} says hello quietly`
        return { id: i, text: `len=${stripped.length} ${stripped}` }
      })
    const out = join(root, 'job', 'out.parquet')
    const [ids, texts] = [await duckdbColumn(out, 'id'), await duckdbColumn(out, 'text')]
    expect(ids.map((id, i) => ({ id: Number(id), text: texts[i] }))).toEqual(expected)

    const plan = await readPlan(new WorkDir(join(root, 'job', 'work')).mapping)
    expect(plan.custom_operators?.map((m) => m.path)).toEqual([
      join(root, 'ops', 'strip_signature_mapper.mjs'),
      join(root, 'ops', 'uppercase_ratio_filter.mjs'),
      join(root, 'length_tag_mapper.cjs')
    ])
  })

  it('refuses to resume after a module was edited, naming it', async () => {
    const { recipe } = await readRecipe(RECIPE('edited', CHAIN), root)
    expect((await runToEnd(recipe)).outcome.status).toBe('completed')
    const module = join(root, 'length_tag_mapper.cjs')
    const before = readFileSync(module, 'utf8')
    writeFileSync(module, before.replace("default: '#'", "default: '@'"))
    try {
      await expect(runToEnd(recipe, { resume: true })).rejects.toThrow(
        new RegExp(`^Cannot resume .*: the custom operator module ${module} was edited after the job was planned\\. `)
      )
    } finally {
      writeFileSync(module, before)
    }
    expect((await runToEnd(recipe, { resume: true })).outcome.status).toBe('completed')
  })

  it('checks a custom operator’s parameters when the recipe is read', async () => {
    await expect(readRecipe(RECIPE('bad-param', '  - uppercase_ratio_filter: {max_ratio: 1.5}'), root, 'r.yaml')).rejects.toThrow(
      "r.yaml, line 9: 'process[0].uppercase_ratio_filter.max_ratio' uppercase_ratio_filter: parameter 'max_ratio' must be at most 1, got 1.5."
    )
  })

  it('refuses a recipe whose module is missing, before any work, naming the file', async () => {
    const yaml = RECIPE('missing', CHAIN).replace('length_tag_mapper.cjs', 'nowhere.mjs')
    await expect(readRecipe(yaml, root, 'r.yaml')).rejects.toThrow(
      `r.yaml: Custom operator module ${join(root, 'nowhere.mjs')} does not exist. Check custom_operator_paths (a relative path is taken from the recipe’s folder).`
    )
  })

  it('a recipe without the paths does not see another recipe’s custom operators', async () => {
    await readRecipe(RECIPE('first', CHAIN), root)
    const without = RECIPE('second', CHAIN).replace('custom_operator_paths: [ops, length_tag_mapper.cjs]\n', '')
    await expect(readRecipe(without, root, 'r.yaml')).rejects.toThrow("'process[0]' names an unknown operator 'strip_signature_mapper'")
  })

  it('previews them on the preview worker thread', async () => {
    const engine = new InteractiveEngine({ workerPath: TEST_WORKER, timeoutMs: 60_000 })
    try {
      const result = await engine.run(
        'preview',
        {
          path: join(root, 'corpus.jsonl'),
          textKey: 'text',
          process: [
            { name: 'strip_signature_mapper', params: null },
            { name: 'uppercase_ratio_filter', params: { max_ratio: 0.5 } }
          ],
          rows: 30,
          customOperatorPaths: [join(root, 'ops')]
        },
        'preview'
      )
      expect(result.steps.map((s) => [s.name, s.rowsIn, s.rowsOut])).toEqual([
        ['strip_signature_mapper', 30, 30],
        ['uppercase_ratio_filter', 30, 24]
      ])
      expect(result.steps[0]!.changed[0]).toEqual({ before: text(0), after: 'ROW 0 SAYS HELLO LOUDLY' })
      expect(result.steps[1]!.stat?.key).toBe('uppercase_ratio')
      expect(result.steps[1]!.dropped[0]!.reason).toBe('uppercase_ratio 1 > max_ratio 0.5')
    } finally {
      await engine.close()
    }
  })
})
