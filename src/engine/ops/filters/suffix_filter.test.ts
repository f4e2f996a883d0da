import { Field, Schema, Utf8 } from 'apache-arrow'
import { describe, expect, it } from 'vitest'
import { rowsToBatch } from '../../io/schema'
import { readStrings } from '../batch'
import { resolveParams } from '../registry'
import { suffixFilter, SUFFIX_FIELD } from './suffix_filter'

const schema = new Schema([new Field('text', new Utf8(), true), new Field(SUFFIX_FIELD, new Utf8(), true)])
const run = (params: Record<string, unknown>, rows: [string, string | null][]): string[] =>
  readStrings(
    suffixFilter.create(resolveParams(suffixFilter.info, params), { textKey: 'text' }).process(rowsToBatch(rows, schema)).batch,
    'text'
  ) as string[]

describe('suffix_filter', () => {
  const rows: [string, string | null][] = [
    ['a', '.jsonl'],
    ['b', '.txt'],
    ['c', null],
    ['d', '.jsonl']
  ]
  it('keeps rows whose suffix is listed; a lone string counts as a list', () => {
    expect(run({ suffixes: ['.jsonl'] }, rows)).toEqual(['a', 'd'])
    expect(run({ suffixes: '.txt' }, rows)).toEqual(['b'])
  })
  it('keeps everything with no suffixes, and names the missing field otherwise', () => {
    expect(run({}, rows)).toEqual(['a', 'b', 'c', 'd'])
    const plain = new Schema([new Field('text', new Utf8(), true)])
    const op = suffixFilter.create(resolveParams(suffixFilter.info, { suffixes: ['.jsonl'] }), { textKey: 'text' })
    expect(() => op.process(rowsToBatch([['a']], plain))).toThrow(/no field '__dj__suffix__'/)
  })
})

describe('suffix_filter in a job with add_suffix', () => {
  it('turns add_suffix on, saying so, when a recipe filters by suffix and leaves add_suffix unset', async () => {
    const { parseRecipe } = await import('../../job/recipe')
    const recipe = (extra: string, suffixes = '[.jsonl]') =>
      parseRecipe(`dataset_path: in.jsonl\nexport_path: out.jsonl\n${extra}process:\n  - suffix_filter: {suffixes: ${suffixes}}\n`, '/tmp')
    const unset = recipe('')
    expect(unset.recipe.add_suffix).toBe(true)
    expect(unset.notes).toEqual([expect.stringMatching(/^'add_suffix' is on: suffix_filter keeps rows by the suffix/)])
    for (const [extra, suffixes, on] of [
      ['add_suffix: false\n', '[.jsonl]', false],
      ['add_suffix: true\n', '[.jsonl]', true],
      ['', '[]', false]
    ] as const) {
      const { recipe: r, notes } = recipe(extra, suffixes)
      expect(r.add_suffix).toBe(on)
      expect(notes.filter((n) => n.includes('add_suffix'))).toEqual([])
    }
  })

  it('keeps the rows that came from files with the given suffix', async () => {
    const { mkdirSync, writeFileSync } = await import('node:fs')
    const { join } = await import('node:path')
    const { scratchDir } = await import('../../testing')
    const { parquetRows, recipeFrom, runToEnd } = await import('../../job/testing-jobs')
    const dir = scratchDir('suffix')
    mkdirSync(join(dir.path, 'in'))
    writeFileSync(join(dir.path, 'in', 'a.jsonl'), '{"text": "from a jsonl file"}\n')
    writeFileSync(join(dir.path, 'in', 'b.ndjson'), '{"text": "from an ndjson file"}\n')
    const recipe = recipeFrom(
      `dataset_path: ${join(dir.path, 'in')}\nexport_path: ${join(dir.path, 'out.parquet')}\nwork_dir: ${join(dir.path, 'work')}\nadd_suffix: true\nprocess:\n  - suffix_filter: {suffixes: [.jsonl]}\n`,
      dir.path
    )
    await runToEnd(recipe)
    expect(await parquetRows(recipe.export_path)).toEqual([{ text: 'from a jsonl file', __dj__suffix__: '.jsonl' }])
    dir.remove()
  })
})
