import { describe, expect, it } from 'vitest'
import { SieveError } from '../../shared/errors'
import { parseRecipe, recipeToYaml, withExportPath } from './recipe'
import { recipeHash } from './plan'
import { listOps } from '../ops'

const BASE = `project_name: demo
dataset_path: data/in.jsonl
export_path: out/clean.parquet
text_keys: text
process:
  - whitespace_normalization_mapper:
  - text_length_filter:
      min_len: 50
      max_len: 2000
  - document_deduplicator:
`

function problem(yaml: string): SieveError {
  try {
    parseRecipe(yaml, '/base', 'r.yaml')
  } catch (err) {
    return err as SieveError
  }
  throw new Error('expected the recipe to be refused')
}

describe('parseRecipe', () => {
  it('reads a Data-Juicer recipe, resolving paths against the recipe folder and filling defaults', () => {
    const { recipe } = parseRecipe(BASE, '/base')
    expect(recipe.dataset_path).toEqual(['/base/data/in.jsonl'])
    expect(recipe.export_path).toBe('/base/out/clean.parquet')
    expect(recipe.work_dir).toBe('/base/out/demo.sieve-work')
    expect(recipe.process.map((o) => o.name)).toEqual(['whitespace_normalization_mapper', 'text_length_filter', 'document_deduplicator'])
    expect(recipe.process[1]!.params).toEqual({ min_len: 50, max_len: 2000 })
    expect(recipe.process[2]!.params).toEqual({ lowercase: false, ignore_non_character: false })
    expect(recipe.checkpoint).toMatchObject({ enabled: true, strategy: 'every_op', storage_format: 'parquet' })
    expect(recipe.export).toMatchObject({ format: 'parquet', compression: 'zstd', max_file_size_mb: 0 })
    expect(recipe.np).toBeGreaterThanOrEqual(1)
  })

  it("takes reference/001's keys and Data-Juicer's checkpoint block", () => {
    const { recipe } = parseRecipe(
      `${BASE}partition_size: 5
max_partition_size_mb: 64
max_retries: 1
preserve_intermediate_data: true
checkpoint: {enabled: true, strategy: every_n_ops, n_ops: 2}
checkpointing: {storage_format: jsonl, max_checkpoints_per_partition: 3}
event_logging: {enabled: true, log_level: DEBUG, max_log_size_mb: 1, backup_count: 2}
export: {format: jsonl, compression: gzip, max_file_size_mb: 10}
`,
      '/base'
    )
    expect(recipe.partition_size).toBe(5)
    expect(recipe.checkpoint).toMatchObject({ strategy: 'every_n_ops', n_ops: 2, storage_format: 'jsonl', max_checkpoints_per_partition: 3 })
    expect(recipe.event_logging).toEqual({ enabled: true, log_level: 'DEBUG', max_log_size_mb: 1, backup_count: 2 })
    expect(recipe.export).toMatchObject({ format: 'jsonl', compression: 'gzip', max_file_size_mb: 10 })
  })

  it('accepts Data-Juicer-only keys and says they have no effect', () => {
    const { notes } = parseRecipe(`${BASE}executor_type: ray_partitioned\nray_address: auto\n`, '/base')
    expect(notes).toEqual(['Ignored, as they mean nothing on one machine (Data-Juicer settings kept in the recipe): executor_type, ray_address.'])
  })

  it('takes the range arguments on a filter with thresholds; on an operator without, says that operator ignores them', () => {
    const yaml = BASE.replace('max_len: 2000', 'max_len: 2000\n      reversed_range: true\n      min_closed_interval: false').replace(
      '  - document_deduplicator:',
      '  - specified_field_filter: {field_key: text, target_value: [a], reversed_range: true}\n  - document_deduplicator: {max_closed_interval: false}'
    )
    const { recipe, notes } = parseRecipe(yaml, '/base')
    expect(recipe.process[1]!.params).toMatchObject({ reversed_range: true, min_closed_interval: false })
    expect(notes).toEqual([
      "specified_field_filter ignores reversed_range: it keeps rows by no min/max range (Data-Juicer's specified_field_filter ignores it too).",
      "document_deduplicator ignores max_closed_interval: it keeps rows by no min/max range (Data-Juicer's document_deduplicator ignores it too)."
    ])
    expect(() => parseRecipe(BASE.replace('max_len: 2000', 'max_len: 2000\n      reversed_range: maybe'), '/base')).toThrow(
      /line 10: 'process\[1\]\.text_length_filter\.reversed_range'.*must be/
    )
  })

  it.each([
    [`${BASE}partiton_size: 5\n`, /r\.yaml, line 11: 'partiton_size' is not a recipe key\. Did you mean 'partition_size'\?/],
    [
      BASE.replace('text_length_filter', 'text_lenght_filter'),
      /line 7: 'process\[1\]' names an unknown operator 'text_lenght_filter'\. Did you mean 'text_length_filter'\?$/
    ],
    [BASE.replace('min_len: 50', 'min_lenn: 50'), /line 8: 'process\[1\]\.text_length_filter\.min_lenn'.*Did you mean 'min_len'/],
    [BASE.replace('min_len: 50', 'min_len: fifty'), /line 8: .*parameter 'min_len' must be an integer/],
    [
      BASE.replace('min_len: 50', 'min_len: 5000'),
      /line 8: .*min_len \(5000\) is above max_len \(2000\), so text_length_filter would drop every row/
    ],
    [
      `${BASE}checkpoint: {strategy: every_opp}\n`,
      /'checkpoint\.strategy' must be one of every_op, every_n_ops, manual, disabled.*Did you mean 'every_op'/
    ],
    [`${BASE}np: 0\n`, /line 11: 'np' must be at least 1/],
    [`${BASE}np: 1.5\n`, /line 11: 'np' must be an integer, got 1\.5\.$/],
    [`${BASE}np: .inf\n`, /line 11: 'np' must be an integer, got null\.$/],
    [BASE.replace('dataset_path: data/in.jsonl', 'dataset_path: []'), /line 2: 'dataset_path' must be a string or a list of strings, got \[\]\.$/],
    [BASE.replace('text_keys: text', 'text_keys: [text, 3]'), /line 4: 'text_keys' must be a string or a list of strings, got \["text",3\]\.$/],
    [`${BASE}checkpoint: {op_names: [a, 1]}\n`, /'checkpoint\.op_names' must be a list of strings, got \["a",1\]\.$/],
    [`${BASE}performance: fast\n`, /line 11: 'performance' must be a mapping of keys, got "fast"\.$/],
    [`${BASE}event_logging: {enabeld: true}\n`, /line 11: 'event_logging\.enabeld' is not a recipe key\. Did you mean 'enabled'\?$/],
    [`${BASE}export: {compression: ''}\n`, /'export\.compression' must be a non-empty string, got ""\.$/],
    [`${BASE}preserve_intermediate_data: yes please\n`, /'preserve_intermediate_data' must be true or false, got "yes please"\.$/],
    // Two problems: the one written first is reported.
    [
      `${BASE}checkpointing: {compression: zstdd}\npartiton_size: 5\n`,
      /line 11: 'checkpointing\.compression' must be one of .*Did you mean 'zstd'\?$/
    ],
    [`${BASE}partiton_size: 5\ncheckpointing: {compression: zstdd}\n`, /line 11: 'partiton_size' is not a recipe key/],
    [BASE.replace('dataset_path: data/in.jsonl\n', ''), /'dataset_path' is required/],
    ['process: [\n', /not valid YAML/],
    [
      `${BASE}checkpoint: {strategy: manual, op_names: [text_length_filtr]}\n`,
      /names 'text_length_filtr', which is not in process.*Did you mean 'text_length_filter'/
    ]
  ])('refuses a bad recipe with the key path, line and closest name (%#)', (yaml, message) => {
    const err = problem(yaml)
    expect(err).toBeInstanceOf(SieveError)
    expect(err.message).toMatch(message)
  })

  it('writes recipe.yaml that reads back to the same recipe', () => {
    const { recipe } = parseRecipe(`${BASE}checkpoint: {strategy: manual, op_names: [text_length_filter]}\n`, '/base')
    const again = parseRecipe(recipeToYaml(recipe), '/elsewhere').recipe
    expect(again).toEqual(recipe)
  })

  it('writes recipe.yaml that a resume accepts as unchanged, for every operator, whatever order its parameters were given in', () => {
    const ops = listOps()
    expect(ops.length).toBeGreaterThan(30)
    for (const op of ops) {
      const reversed = Object.fromEntries(op.params.map((p) => [p.name, p.default]).reverse())
      const { recipe } = parseRecipe(`${BASE.replace(/process:[\s\S]*$/, '')}process:\n  - ${op.name}: ${JSON.stringify(reversed)}\n`, '/base')
      const written = parseRecipe(recipeToYaml(recipe), '/base').recipe
      expect({ op: op.name, hash: recipeHash(written) }).toEqual({ op: op.name, hash: recipeHash(recipe) })
    }
  })
})

describe('withExportPath', () => {
  it('moves a default work directory with the output, and leaves a chosen one alone', () => {
    const { recipe } = parseRecipe(BASE, '/base')
    withExportPath(recipe, '/elsewhere/result.parquet')
    expect(recipe.work_dir).toBe('/elsewhere/demo.sieve-work')
    const chosen = parseRecipe(`${BASE}work_dir: /keep/here\n`, '/base').recipe
    withExportPath(chosen, '/elsewhere/result.parquet')
    expect(chosen.work_dir).toBe('/keep/here')
  })

  it.each([
    ['words_num_filter: {tokenization: true, lang: "e n"}', /words_num_filter: 'e n' is not a language code/],
    ['word_repetition_filter: {tokenization: true, lang: x/y}', /word_repetition_filter: 'x\/y' is not a language code/],
    ['stopwords_filter: {tokenization: true, lang: "e/n"}', /stopwords_filter: 'e\/n' is not a language code/],
    ['perplexity_filter: {lang: "e n"}', /perplexity_filter: 'e n' is not a language code/],
    ['flagged_words_filter: {lang: xx}', /no flagged words for language 'xx'/],
    ['stopwords_filter: {stopwords_dir: /no/such/folder}', /cannot read the folder '\/no\/such\/folder'/],
    ['stopwords_filter: {use_words_aug: true, words_aug_group_sizes: [0]}', /words_aug_group_sizes must be positive integers/],
    ['document_minhash_deduplicator: {tokenization: sentencepiece}', /sentencepiece needs a SentencePiece model/],
    [
      'document_minhash_deduplicator: {num_permutations: 16, num_bands: 8, num_rows_per_band: 4}',
      /num_bands × num_rows_per_band \(32\) is more than num_permutations \(16\)/
    ],
    ['document_minhash_deduplicator: {ignore_pattern: "a("}', /document_minhash_deduplicator: 'ignore_pattern' is not a valid regular expression/],
    ['document_simhash_deduplicator: {hamming_distance: 6, num_blocks: 6}', /hamming_distance \(6\) must be less than num_blocks \(6\)/],
    ['document_simhash_deduplicator: {ignore_pattern: "[z-a]"}', /document_simhash_deduplicator: 'ignore_pattern' is not a valid regular expression/],
    ['text_chunk_mapper: {max_len: 10, overlap_len: 10}', /overlap_len \(10\) must be less than max_len \(10\)/],
    ['text_chunk_mapper: {max_len: 10, tokenizer: gpt2}', /a tokenizer is not available in Sieve/],
    ['token_num_filter: {hf_tokenizer: bert-base-uncased}', /tokenizer 'bert-base-uncased' is not available/],
    ['fix_unicode_mapper: {normalization: NFQ}', /normalization 'NFQ' is not supported/],
    ['replace_content_mapper: {pattern: "a(", repl: b}', /invalid regular expression in 'pattern'/],
    ['clean_email_mapper: {pattern: "(?P<x"}', /invalid regular expression in 'pattern'/]
  ])('refuses a setting Sieve cannot honour when the recipe is checked: %s', (op, message) => {
    const err = problem(`dataset_path: in.jsonl\nexport_path: out.parquet\nprocess:\n  - whitespace_normalization_mapper:\n  - ${op}\n`)
    expect(err).toBeInstanceOf(SieveError)
    expect(err.code).toBe('BAD_REQUEST')
    expect(err.message).toMatch(/^r\.yaml, line 5: 'process\[1\]/)
    expect(err.message).toMatch(message)
  })
})
