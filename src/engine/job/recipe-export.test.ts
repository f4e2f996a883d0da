import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { parseRecipe } from './recipe'
import { exportRecipe } from './recipe-export'

const DJ = `project_name: demo
dataset_path: /data/in.jsonl
export_path: /data/out/clean.jsonl
np: 4
text_keys: text
process:
  - whitespace_normalization_mapper:
  - text_length_filter:
      min_len: 50
  - document_minhash_deduplicator:
      jaccard_threshold: 0.8
`

describe('exportRecipe', () => {
  it('round-trips a Data-Juicer recipe: import, export, import gives the same recipe', () => {
    const first = parseRecipe(DJ, '/data').recipe
    const exported = exportRecipe(first, 'data-juicer')
    const again = parseRecipe(exported, '/elsewhere').recipe
    expect(again).toEqual(first)
    const yaml = parse(exported) as Record<string, unknown>
    expect(Object.keys(yaml)).toEqual([
      'project_name',
      'dataset_path',
      'export_path',
      'work_dir',
      'np',
      'text_keys',
      'keep_stats_in_res_ds',
      'keep_hashes_in_res_ds',
      'add_suffix',
      'process'
    ])
    expect(yaml.process).toEqual([
      { whitespace_normalization_mapper: {} },
      { text_length_filter: { min_len: 50 } },
      {
        document_minhash_deduplicator: {
          tokenization: 'space',
          window_size: 5,
          lowercase: true,
          num_permutations: 256,
          jaccard_threshold: 0.8
        }
      }
    ])
  })

  it("exports for a Ray cluster with Data-Juicer's partitioned executor and this recipe's settings", () => {
    const recipe = parseRecipe(`${DJ}partition_size: 5000\nmax_retries: 2\ncheckpoint: {strategy: every_n_ops, n_ops: 2}\n`, '/data').recipe
    const yaml = parse(exportRecipe(recipe, 'ray')) as Record<string, unknown>
    expect(yaml).toMatchObject({
      executor_type: 'ray_partitioned',
      ray_address: 'auto',
      partition: { mode: 'auto', size: 5000, max_size_mb: 128 },
      max_retries: 2,
      checkpoint: { enabled: true, strategy: 'every_n_ops', n_ops: 2, op_names: [] },
      event_logging: { enabled: true, log_level: 'INFO' }
    })
    expect(parseRecipe(exportRecipe(recipe, 'ray'), '/x').recipe.partition_size).toBe(5000)
  })
})
