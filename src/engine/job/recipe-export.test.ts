import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { listOps } from '../ops'
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
    const loaded = parseRecipe(DJ, '/data')
    const first = loaded.recipe
    const exported = exportRecipe(loaded, 'data-juicer').yaml
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

  it("exports for Data-Juicer's Ray executor: ray_* deduplicators with their parameters, only Data-Juicer's keys, and what to know as warnings", () => {
    const extra =
      '  - document_deduplicator: {lowercase: true}\n  - document_simhash_deduplicator:\npartition_size: 5000\nmax_retries: 2\nskip_op_error: false\n'
    const { yaml, warnings } = exportRecipe(parseRecipe(`${DJ}${extra}`, '/data'), 'ray')
    const exported = parse(yaml) as Record<string, unknown>
    expect(exported).toMatchObject({
      executor_type: 'ray',
      ray_address: 'auto',
      export_type: 'jsonl',
      dataset_path: '/data/in.jsonl',
      export_path: '/data/out/clean.jsonl',
      skip_op_error: false
    })
    expect(exported).not.toHaveProperty('work_dir')
    expect(exported).not.toHaveProperty('partition_size')
    expect(exported.process).toEqual([
      { whitespace_normalization_mapper: {} },
      { text_length_filter: { min_len: 50 } },
      {
        ray_bts_minhash_deduplicator: { tokenization: 'space', window_size: 5, lowercase: true, num_permutations: 256, jaccard_threshold: 0.8 }
      },
      { ray_document_deduplicator: { lowercase: true, ignore_non_character: false } },
      { document_simhash_deduplicator: { tokenization: 'space', window_size: 6, lowercase: true, num_blocks: 6, hamming_distance: 4 } }
    ])
    expect(warnings).toEqual([
      "partition_size, max_retries are left out, as Data-Juicer's config_all.yaml does not list them.",
      expect.stringMatching(
        /^document_simhash_deduplicator has no Ray counterpart in Data-Juicer, and its Ray executor hands a local deduplicator the whole Ray dataset, .* so the job stops at this operator \(exit status 1\) and exports nothing/
      ),
      expect.stringMatching(/^Every path in this recipe \(dataset_path, export_path\) is this machine's: every node of the Ray cluster must see it/)
    ])
  })

  it('carries over, unchanged, every key and operator argument Data-Juicer knows that Sieve ignores; names what it leaves out, and only that', () => {
    const recipe = `project_name: demo
dataset_path: /data/in.jsonl
export_path: /data/out/clean.jsonl
np: 4
ray_address: ray://head:10001
use_checkpoint: false
op_fusion: true
use_cache: false
trace_num: 5
partition_size: 5000
debug: true
export: {compression: zstd, max_file_size_mb: 1}
process:
  - whitespace_normalization_mapper: {num_proc: 8}
  - text_length_filter: {min_len: 50, accelerator: cuda, mem_required: 2GB, num_proc: 4}
  - document_deduplicator: {lowercase: true, num_proc: 2, cpu_required: 1}
`
    const loaded = parseRecipe(recipe, '/data')
    const carried = { use_checkpoint: false, op_fusion: true, use_cache: false, trace_num: 5 }
    const process = (dedup: string) => [
      { whitespace_normalization_mapper: { num_proc: 8 } },
      { text_length_filter: { min_len: 50, accelerator: 'cuda', mem_required: '2GB', num_proc: 4 } },
      { [dedup]: { lowercase: true, ignore_non_character: false, num_proc: 2, cpu_required: 1 } }
    ]
    const leftOut = "partition_size, debug, export.compression are left out, as Data-Juicer's config_all.yaml does not list them."

    const ray = exportRecipe(loaded, 'ray')
    expect(parse(ray.yaml)).toMatchObject({ ...carried, executor_type: 'ray', ray_address: 'ray://head:10001', export_shard_size: 1 << 20 })
    expect((parse(ray.yaml) as { process: unknown }).process).toEqual(process('ray_document_deduplicator'))
    expect(ray.warnings).toEqual([leftOut, expect.stringMatching(/^Every path in this recipe/)])

    const dj = exportRecipe(loaded, 'data-juicer')
    expect(parse(dj.yaml)).toMatchObject({ ...carried, ray_address: 'ray://head:10001', export_shard_size: 1 << 20 })
    expect(parse(dj.yaml)).not.toHaveProperty('executor_type')
    expect((parse(dj.yaml) as { process: unknown }).process).toEqual(process('document_deduplicator'))
    expect(dj.warnings).toEqual([leftOut])
    // Imported again, it is the same recipe but for what was left out: what Sieve reads is written back, the rest it ignores again.
    expect(parseRecipe(dj.yaml, '/data').recipe).toEqual({
      ...loaded.recipe,
      partition_size: 10_000,
      export: { ...loaded.recipe.export, compression: 'none' }
    })

    // A recipe of Data-Juicer's keys alone leaves nothing out, and its Ray export says only where its paths must be.
    expect(exportRecipe(parseRecipe(DJ, '/data'), 'data-juicer').warnings).toEqual([])
    expect(exportRecipe(parseRecipe(DJ, '/data'), 'ray').warnings).toEqual([expect.stringMatching(/^Every path in this recipe/)])
    // Sieve's default executor export leaves out a Ray executor_type, and says so; a Ray export keeps a suffix_filter's add_suffix in mind.
    const onRay = parseRecipe(DJ.replace('np: 4', 'np: 4\nexecutor_type: ray'), '/data')
    expect(exportRecipe(onRay, 'data-juicer').warnings).toEqual([
      "executor_type: ray is left out: this export is for Data-Juicer's default executor; export with --to ray for its Ray executor."
    ])
    // Sieve's export.format is written as Data-Juicer's export_type; Arrow, which Data-Juicer does not write, is said so.
    const parquet = parseRecipe(DJ.replace('np: 4', 'np: 4\nexport: {format: parquet}'), '/data')
    expect(parse(exportRecipe(parquet, 'data-juicer').yaml)).toMatchObject({ export_type: 'parquet' })
    const arrow = exportRecipe(parseRecipe(DJ.replace('clean.jsonl', 'clean.arrow'), '/data'), 'data-juicer')
    expect(arrow.warnings).toEqual([expect.stringMatching(/^Data-Juicer writes no Arrow files/)])
    const suffixed = parseRecipe(`${DJ}  - suffix_filter: {suffixes: [.jsonl]}\n`, '/data')
    expect(exportRecipe(suffixed, 'ray').warnings[0]).toBe("add_suffix is left out, as Data-Juicer's config_all.yaml does not list it.")
  })

  it('every operator Sieve has exports, for Ray and for Data-Juicer, as an operator of ops.json with only its parameters (or those config_all.yaml documents for it) and the arguments it was given', () => {
    const reference = join(__dirname, '../../../../shared/reference/data-juicer')
    const ops = JSON.parse(readFileSync(join(reference, 'ops.json'), 'utf8')) as {
      ops: Record<string, { params: Record<string, unknown> }>
      common_op_kwargs: string[]
    }
    const configAll = parse(readFileSync(join(reference, 'config_all.yaml'), 'utf8')) as Record<string, unknown> & {
      process: Record<string, Record<string, unknown> | null>[]
    }
    // ray_bts_minhash_deduplicator takes its parameters through **kwargs: config_all.yaml documents them, ops.json cannot.
    const documented = new Map(configAll.process.flatMap((entry) => Object.entries(entry)).map(([name, params]) => [name, Object.keys(params ?? {})]))
    const lines = listOps().flatMap((op) => {
      const line = `  - ${op.name}: {num_proc: 2, mem_required: 1GB}\n`
      try {
        parseRecipe(`${DJ.replace(/process:[\s\S]*$/, '')}process:\n${line}`, '/data')
        return [line]
      } catch (err) {
        // An operator whose model file is absent here cannot be set up, so it is not in this recipe.
        if (/model/i.test((err as Error).message)) return []
        throw err
      }
    })
    expect(lines.length).toBeGreaterThan(30)
    const loaded = parseRecipe(`${DJ.replace(/process:[\s\S]*$/, '')}process:\n${lines.join('')}`, '/data')
    for (const target of ['ray', 'data-juicer'] as const) {
      const { yaml, warnings } = exportRecipe(loaded, target)
      const exported = parse(yaml) as Record<string, unknown> & { process: Record<string, Record<string, unknown>>[] }
      // Data-Juicer's parser also has work_dir and add_suffix, which config_all.yaml leaves out.
      const topLevel = [...Object.keys(configAll), ...(target === 'data-juicer' ? ['work_dir', 'add_suffix'] : [])]
      for (const key of Object.keys(exported)) expect(topLevel, `${target}: ${key}`).toContain(key)
      expect(exported.process).toHaveLength(lines.length)
      for (const entry of exported.process) {
        const [name, params] = Object.entries(entry)[0]!
        expect(ops.ops, name).toHaveProperty([name])
        const known = new Set([...Object.keys(ops.ops[name]!.params), ...(documented.get(name) ?? []), ...ops.common_op_kwargs])
        for (const param of Object.keys(params)) expect(known.has(param), `${target}: ${name}.${param}`).toBe(true)
        expect(params, `${target}: ${name}`).toMatchObject({ num_proc: 2, mem_required: '1GB' })
      }
      const names = exported.process.map((e) => Object.keys(e)[0])
      if (target === 'ray') expect(names).not.toContain('document_minhash_deduplicator')
      else expect(names).toContain('document_minhash_deduplicator')
      // What Sieve declares that ops.json and config_all.yaml lack is left out, and said so: random_selector's seed, and two
      // settings of ray_bts_minhash_deduplicator that Data-Juicer's source takes but its ops.json does not list.
      expect(warnings.filter((w) => /has no parameter|is not a Data-Juicer operator/.test(w))).toEqual([
        'random_selector in Data-Juicer has no parameter seed: left out, so its behaviour there may differ.',
        'ray_bts_minhash_deduplicator in Data-Juicer has no parameter minhash_batch_size, memory_per_sample: left out, so its behaviour there may differ.'
      ])
    }
  })
})
