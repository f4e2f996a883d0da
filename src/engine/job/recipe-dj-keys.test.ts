import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { SieveError } from '../../shared/errors'
import { parseRecipe, recipeToYaml } from './recipe'

const REFERENCE = join(__dirname, '../../../../shared/reference/data-juicer')
const configAll = parse(readFileSync(join(REFERENCE, 'config_all.yaml'), 'utf8')) as Record<string, unknown>
const ops = JSON.parse(readFileSync(join(REFERENCE, 'ops.json'), 'utf8')) as { common_op_kwargs: string[] }

const BASE = `dataset_path: /data/in.jsonl
export_path: /out/clean.jsonl
`

/** What a recipe says it ignores: the names listed in its one note. */
function ignoredNames(notes: string[]): string[] {
  expect(notes.length).toBeLessThanOrEqual(1)
  const listed = notes[0]?.replace(/^[^:]*: /, '').replace(/\.$/, '') ?? ''
  return listed === '' ? [] : listed.split(/, (?![^(]*\))/)
}

function refused(yaml: string): SieveError {
  try {
    parseRecipe(yaml, '/base', 'r.yaml')
  } catch (err) {
    return err as SieveError
  }
  throw new Error('expected the recipe to be refused')
}

describe("Data-Juicer's keys", () => {
  it('every top-level key of config_all.yaml is accepted; the ones without effect here are named once in one note', () => {
    const { process: _process, dataset_path: _in, export_path: _out, work_dir: _work, ...keys } = configAll
    const yaml = `${BASE}${Object.entries(keys)
      .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
      .join('\n')}\nprocess:\n  - text_length_filter:\n`
    const { recipe, notes } = parseRecipe(yaml, '/base')
    const datasetNote = "'dataset' is not read: dataset_path is set too, and is read instead, as Data-Juicer does."
    expect(notes).toContain(datasetNote)
    const ignored = ignoredNames(notes.filter((n) => n !== datasetNote))
    const honoured = ['project_name', 'export_type', 'export_shard_size', 'keep_stats_in_res_ds', 'keep_hashes_in_res_ds', 'np', 'text_keys']
    const honouredToo = [
      'suffixes',
      'skip_op_error',
      'use_checkpoint',
      'open_tracer',
      'op_list_to_trace',
      'trace_num',
      'custom_operator_paths',
      'dataset'
    ]
    expect(ignored.sort()).toEqual(
      Object.keys(keys)
        .filter((k) => !honoured.includes(k) && !honouredToo.includes(k))
        .sort()
    )
    expect(new Set(ignored).size).toBe(ignored.length)
    expect(recipe.export.format).toBe('jsonl')
    expect(recipe.skip_op_error).toBe(true)
    // config_all.yaml sets use_checkpoint: false.
    expect(recipe.checkpoint.strategy).toBe('disabled')
  })

  it("every operator accepts ops.json's common arguments; the ones without effect are named once, with how many operators carry them", () => {
    const honoured: Record<string, unknown> = {
      text_key: 'content',
      batch_size: 7,
      skip_op_error: false,
      min_closed_interval: true,
      max_closed_interval: false,
      reversed_range: true
    }
    const args = ops.common_op_kwargs.map((k) => `      ${k}: ${JSON.stringify(honoured[k] ?? (k.endsWith('_required') ? 1 : 'x'))}`).join('\n')
    const yaml = `${BASE}process:\n  - whitespace_normalization_mapper:\n${args}\n  - text_length_filter:\n      min_len: 3\n      accelerator: cuda\n      num_proc: 4\n`
    const { recipe, notes } = parseRecipe(yaml, '/base')
    // The range arguments are honoured by filters with thresholds; an operator without any is told it ignores them.
    const rangeNotes = notes.filter((n) => n.startsWith('whitespace_normalization_mapper ignores'))
    expect(rangeNotes.join(' ')).toMatch(/reversed_range/)
    const ignored = ignoredNames(notes.filter((n) => !rangeNotes.includes(n)))
    const expected = ops.common_op_kwargs
      .filter((k) => !(k in honoured))
      .map((k) => (k === 'accelerator' || k === 'num_proc' ? `${k} (operator argument, on 2 operators)` : `${k} (operator argument, on 1 operator)`))
    expect(ignored.sort()).toEqual(expected.sort())
    expect(recipe.process[0]!.params).toMatchObject(honoured)
    expect(recipe.process[0]!.params).not.toHaveProperty('accelerator')
    expect(recipe.process[1]!.params).not.toHaveProperty('num_proc')
  })

  it('maps export_type, export_shard_size, suffixes, use_checkpoint and the tracer onto what Sieve runs, and keeps them through recipe.yaml', () => {
    const { recipe } = parseRecipe(
      `${BASE}export_type: json\nexport_shard_size: 1048576\nsuffixes: jsonl\nuse_checkpoint: true\nopen_tracer: true\ntrace_num: 3\nop_list_to_trace: [text_length_filter]\nskip_op_error: false\nprocess:\n  - text_length_filter:\n`,
      '/base'
    )
    expect(recipe.export).toMatchObject({ format: 'jsonl', max_file_size_mb: 1 })
    expect(recipe).toMatchObject({
      suffixes: ['jsonl'],
      open_tracer: true,
      trace_num: 3,
      op_list_to_trace: ['text_length_filter'],
      skip_op_error: false
    })
    expect(recipe.checkpoint.strategy).toBe('every_op')
    expect(parseRecipe(recipeToYaml(recipe), '/elsewhere').recipe).toEqual(recipe)
    // Sieve's own key wins over Data-Juicer's where both are set.
    expect(parseRecipe(`${BASE}export_type: parquet\nexport: {format: arrow}\nprocess:\n  - text_length_filter:\n`, '/b').recipe.export.format).toBe(
      'arrow'
    )
  })

  it('says which key wins when two keys set one setting differently, and says nothing when they agree', () => {
    const notes = (keys: string): string[] => parseRecipe(`${BASE}${keys}process:\n  - text_length_filter:\n`, '/b').notes
    const format = parseRecipe(`${BASE}export_type: parquet\nexport: {format: jsonl}\nprocess:\n  - text_length_filter:\n`, '/b')
    expect(format.recipe.export.format).toBe('jsonl')
    expect(format.notes).toEqual([
      "'export.format: jsonl' and 'export_type: parquet' disagree: export.format wins, so export_type has no effect (remove one of them)."
    ])
    const size = parseRecipe(`${BASE}export_shard_size: 1048576\nexport: {max_file_size_mb: 5}\nprocess:\n  - text_length_filter:\n`, '/b')
    expect(size.recipe.export.max_file_size_mb).toBe(5)
    expect(size.notes).toEqual([
      "'export.max_file_size_mb: 5' and 'export_shard_size: 1048576' disagree: export.max_file_size_mb wins, so export_shard_size has no effect (remove one of them)."
    ])
    expect(notes('partition_size: 500\npartition: {size: 800}\n')).toEqual([
      expect.stringMatching(/^'partition\.size: 800' and 'partition_size: 500' disagree: partition\.size wins/)
    ])
    expect(notes('storage_format: arrow\ncheckpointing: {storage_format: parquet}\n')).toEqual([
      expect.stringMatching(/^'checkpointing\.storage_format: parquet' and 'storage_format: arrow' disagree/)
    ])
    // The same setting in either unit or spelling is no conflict.
    expect(notes('export_type: json\nexport_shard_size: 2097152\nexport: {format: jsonl, max_file_size_mb: 2}\n')).toEqual([])
  })

  it.each([
    ['export_type: csv\n', /'export_type' must be one of jsonl, json, parquet, arrow, got "csv"/],
    ['export_shard_size: -1\n', /'export_shard_size' must be at least 0/],
    ['trace_num: 0\n', /'trace_num' must be at least 1/],
    [
      'op_list_to_trace: [text_lenght_filter]\n',
      /'op_list_to_trace\[0\]' names 'text_lenght_filter', which is not in process\. Did you mean 'text_length_filter'\?/
    ],
    ['skip_op_eror: true\n', /'skip_op_eror' is not a recipe key\. Did you mean 'skip_op_error'\?/]
  ])('refuses %j with one clear message', (key, message) => {
    expect(refused(`${BASE}${key}process:\n  - text_length_filter:\n`).message).toMatch(message)
  })

  it.each([
    ['batch_size: 0', /parameter 'batch_size' must be at least 1, got 0/],
    ['text_key: 5', /parameter 'text_key' must be a string, got 5/],
    ['skip_op_error: maybe', /parameter 'skip_op_error' must be true or false, got "maybe"/]
  ])("checks an operator's common argument %s as its own parameters are checked", (arg, message) => {
    expect(refused(`${BASE}process:\n  - text_length_filter:\n      ${arg}\n`).message).toMatch(message)
  })
})
