import { cpus } from 'node:os'
import { describe, expect, it } from 'vitest'
import type { SieveError } from '../../shared/errors'
import { defaultWorkDir, parseRecipe, withExportPath } from './recipe'

const minimal = (extra = '', exportPath = 'out/clean.parquet'): string =>
  `dataset_path: data/in.jsonl\nexport_path: ${exportPath}\nprocess:\n  - whitespace_normalization_mapper:\n${extra}`

function refusal(yaml: string): string {
  try {
    parseRecipe(yaml, '/base', 'r.yaml')
  } catch (err) {
    return (err as SieveError).message
  }
  throw new Error('expected the recipe to be refused')
}

describe('a recipe resolves to', () => {
  it('every default, when it names only its input, output and operators', () => {
    const { recipe } = parseRecipe(minimal(), '/base')
    expect(recipe).toEqual({
      project_name: 'sieve-job',
      dataset_path: ['/base/data/in.jsonl'],
      custom_operator_paths: [],
      export_path: '/base/out/clean.parquet',
      work_dir: '/base/out/sieve-job.sieve-work',
      np: Math.max(1, cpus().length - 1),
      text_keys: ['text'],
      process: recipe.process,
      partition_size: 10_000,
      partition_auto: false,
      max_partition_size_mb: 128,
      max_retries: 3,
      retry_backoff_ms: 500,
      on_bad_record: 'skip',
      preserve_intermediate_data: false,
      keep_stats_in_res_ds: false,
      add_suffix: false,
      suffixes: [],
      skip_op_error: true,
      open_tracer: false,
      trace_num: 10,
      op_list_to_trace: [],
      keep_hashes_in_res_ds: false,
      performance: { batch_size: 4096, memory_limit_gb: 4 },
      checkpoint: {
        enabled: true,
        strategy: 'every_op',
        n_ops: 1,
        op_names: [],
        storage_format: 'parquet',
        compression: 'snappy',
        max_checkpoints_per_partition: 10,
        cleanup_old_checkpoints: true
      },
      event_logging: { enabled: true, log_level: 'INFO', max_log_size_mb: 100, backup_count: 5 },
      export: { format: 'parquet', compression: 'zstd', max_file_size_mb: 0, shard_template: 'part-${shard:05}-of-${num_shards:05}' }
    })
  })

  it('absolute paths as given, relative ones from the recipe folder, several inputs as a list', () => {
    const { recipe } = parseRecipe(
      'dataset_path: [/data/a.jsonl, b.csv]\nexport_path: /out/x.parquet\nwork_dir: w\nprocess:\n  - whitespace_normalization_mapper:\n',
      '/base'
    )
    expect(recipe.dataset_path).toEqual(['/data/a.jsonl', '/base/b.csv'])
    expect(recipe.export_path).toBe('/out/x.parquet')
    expect(recipe.work_dir).toBe('/base/w')
    expect(parseRecipe(minimal('work_dir: /abs/work\n'), '/base').recipe.work_dir).toBe('/abs/work')
    expect(parseRecipe(minimal('work_dir: null\n'), '/base').recipe.work_dir).toBe('/base/out/sieve-job.sieve-work')
  })

  it('the export format from the output extension (compression suffixes aside) unless one is declared; text formats default to no compression', () => {
    const formatOf = (path: string, extra = ''): [string, string] => {
      const e = parseRecipe(minimal(extra, path), '/base').recipe.export
      return [e.format, e.compression]
    }
    expect(formatOf('o.jsonl')).toEqual(['jsonl', 'none'])
    expect(formatOf('o.JSON')).toEqual(['jsonl', 'none'])
    expect(formatOf('o.jsonl.gz')).toEqual(['jsonl', 'none'])
    expect(formatOf('o.jsonl.zst')).toEqual(['jsonl', 'none'])
    expect(formatOf('o.arrow')).toEqual(['arrow', 'none'])
    expect(formatOf('o.feather')).toEqual(['arrow', 'none'])
    expect(formatOf('o.parquet')).toEqual(['parquet', 'zstd'])
    expect(formatOf('o.gz')).toEqual(['parquet', 'zstd'])
    expect(formatOf('o.json.zstl')).toEqual(['parquet', 'zstd'])
    expect(formatOf('o.jsonl', 'export:\n  format: parquet\n')).toEqual(['parquet', 'zstd'])
    expect(formatOf('o.parquet', 'export:\n  compression: gzip\n  max_file_size_mb: 5\n  shard_template: s${shard}\n')).toEqual(['parquet', 'gzip'])
    expect(parseRecipe(minimal('export:\n  max_file_size_mb: 5\n  shard_template: s${shard}\n'), '/base').recipe.export).toMatchObject({
      max_file_size_mb: 5,
      shard_template: 's${shard}'
    })
  })

  it('checkpointing off when either block disables it; storage and compression from the checkpointing block first, then the top level', () => {
    expect(parseRecipe(minimal('checkpoint:\n  enabled: false\n'), '/base').recipe.checkpoint).toMatchObject({ enabled: false, strategy: 'disabled' })
    expect(parseRecipe(minimal('checkpointing:\n  enabled: false\n'), '/base').recipe.checkpoint).toMatchObject({
      enabled: false,
      strategy: 'disabled'
    })
    expect(parseRecipe(minimal('checkpoint:\n  enabled: true\n'), '/base').recipe.checkpoint).toMatchObject({ enabled: true, strategy: 'every_op' })
    expect(parseRecipe(minimal('storage_format: jsonl\ncompression: gzip\n'), '/base').recipe.checkpoint).toMatchObject({
      storage_format: 'jsonl',
      compression: 'gzip'
    })
    const both = parseRecipe(
      minimal(
        'storage_format: jsonl\ncompression: gzip\ncheckpointing:\n  storage_format: arrow\n  compression: zstd\n  max_checkpoints_per_partition: 2\n  cleanup_old_checkpoints: false\n'
      ),
      '/base'
    ).recipe.checkpoint
    expect(both).toMatchObject({ storage_format: 'arrow', compression: 'zstd', max_checkpoints_per_partition: 2, cleanup_old_checkpoints: false })
  })

  it('performance settings from the performance block', () => {
    expect(parseRecipe(minimal('performance:\n  batch_size: 7\n  memory_limit_gb: 2\n'), '/base').recipe.performance).toEqual({
      batch_size: 7,
      memory_limit_gb: 2
    })
  })

  it('partition sizes from the partition block first, then the top-level keys', () => {
    expect(parseRecipe(minimal('partition_size: 5\nmax_partition_size_mb: 7\n'), '/base').recipe).toMatchObject({
      partition_size: 5,
      max_partition_size_mb: 7
    })
    expect(
      parseRecipe(minimal('partition_size: 5\nmax_partition_size_mb: 7\npartition:\n  size: 9\n  max_size_mb: 11\n'), '/base').recipe
    ).toMatchObject({ partition_size: 9, max_partition_size_mb: 11 })
  })
})

describe('a recipe is refused', () => {
  it('without an input, an output or an operator, each named', () => {
    expect(refusal('export_path: o.parquet\nprocess:\n  - whitespace_normalization_mapper:\n')).toMatch(
      /'dataset_path' is required: the file, folder or glob to process/
    )
    expect(refusal('dataset_path: ~\nexport_path: o.parquet\nprocess:\n  - whitespace_normalization_mapper:\n')).toMatch(/'dataset_path' is required/)
    expect(refusal('dataset_path: in.jsonl\nprocess:\n  - whitespace_normalization_mapper:\n')).toMatch(
      /'export_path' is required: where the result is written/
    )
    expect(refusal('dataset_path: in.jsonl\nexport_path: ~\nprocess:\n  - whitespace_normalization_mapper:\n')).toMatch(/'export_path' is required/)
    expect(refusal('dataset_path: in.jsonl\nexport_path: o.parquet\nprocess: []\n')).toMatch(/'process' is required: a list of at least one operator/)
    expect(refusal('dataset_path: in.jsonl\nexport_path: o.parquet\n')).toMatch(/'process' is required/)
  })

  it('when checkpoint.op_names names an operator not in process, with the closest one suggested', () => {
    expect(
      refusal(minimal('checkpoint:\n  strategy: manual\n  op_names: [whitespace_normalization_mapper, whitespace_normalisation_mapper]\n'))
    ).toMatch(/'checkpoint\.op_names\[1\]'.*names 'whitespace_normalisation_mapper', which is not in process.*whitespace_normalization_mapper/s)
  })
})

describe('work directory defaults', () => {
  it('beside the output, named after the project; follows a new output only when it was the default', () => {
    expect(defaultWorkDir('/out/x.parquet', 'p')).toBe('/out/p.sieve-work')
    const { recipe } = parseRecipe(minimal('project_name: p\n'), '/base')
    withExportPath(recipe, '/elsewhere/y.parquet')
    expect(recipe).toMatchObject({ export_path: '/elsewhere/y.parquet', work_dir: '/elsewhere/p.sieve-work' })
    const chosen = parseRecipe(minimal('work_dir: /w\n'), '/base').recipe
    withExportPath(chosen, '/elsewhere/y.parquet')
    expect(chosen).toMatchObject({ export_path: '/elsewhere/y.parquet', work_dir: '/w' })
  })
})
