import { spawnSync } from 'node:child_process'
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { COSQA, GSM8K, PARQUET_BAD, PARQUET_GOOD, REPO_ROOT, scratchDir } from '../../engine/testing'

function sieve(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'sieve'), ...args], { encoding: 'utf8', timeout: 120_000 })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

/** --json output: every line one JSON object, and nothing else. */
function jsonLines(stdout: string): Record<string, unknown>[] {
  const lines = stdout.split('\n')
  expect(lines.pop()).toBe('')
  return lines.map((l) => {
    const value = JSON.parse(l) as unknown
    expect(value).toBeTypeOf('object')
    expect(Array.isArray(value)).toBe(false)
    return value as Record<string, unknown>
  })
}

describe('bin/sieve', () => {
  it('--version prints the package version; --help the commands', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }
    expect(sieve('--version')).toMatchObject({ status: 0, stdout: `${pkg.version}\n` })
    const help = sieve('--help')
    expect(help.status).toBe(0)
    expect(help.stdout).toMatch(/sieve inspect FILE/)
    expect(help.stdout).toMatch(/sieve serve/)
  })

  it('inspect --json gives schema, row count and rows as JSON', () => {
    const r = sieve('inspect', GSM8K, '--json', '--rows', '2')
    expect(r.status).toBe(0)
    const [out, ...more] = jsonLines(r.stdout)
    expect(more).toEqual([])
    expect(out).toMatchObject({ format: 'jsonl', rowCount: { value: 7473, exact: true }, headRows: 2 })
    expect((out!.rows as { question: string }[])[0]!.question).toMatch(/^Natalia sold clips/)
    expect(out).not.toHaveProperty('head')
  })

  it('inspect of Parquet shows row groups, codecs and key-value metadata', () => {
    const r = sieve('inspect', COSQA)
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/row groups 21/)
    expect(r.stdout).toMatch(/SNAPPY/)
    expect(r.stdout).toMatch(/huggingface/)
  })

  it('a corrupt file: exit 1 and one line that names it; a missing file or bad usage: exit 2', () => {
    const bad = sieve('inspect', join(PARQUET_BAD, 'ARROW-GH-41321.parquet'))
    expect(bad.status).toBe(1)
    expect(bad.stderr.trim().split('\n')).toHaveLength(1)
    expect(bad.stderr).toMatch(/ARROW-GH-41321\.parquet/)
    expect(sieve('inspect', '/no/such.jsonl')).toMatchObject({ status: 2, stderr: expect.stringMatching(/No file or folder/) })
    expect(sieve('inspect')).toMatchObject({ status: 2, stderr: expect.stringMatching(/exactly one FILE/) })
    expect(sieve('frobnicate')).toMatchObject({ status: 2, stderr: expect.stringMatching(/unknown command 'frobnicate'/) })
    expect(sieve('inspect', GSM8K, '--rows', 'lots')).toMatchObject({ status: 2 })
  })
})

describe('bin/sieve run, resume, status, validate, ops', () => {
  const work = scratchDir('cli-jobs')
  afterAll(() => work.remove())
  const writeRecipe = (name: string, body: string): string => {
    const path = join(work.path, `${name}.yaml`)
    writeFileSync(path, body)
    return path
  }
  const base = (name: string): string => `dataset_path: ${GSM8K}
export_path: ${join(work.path, name, 'out.parquet')}
work_dir: ${join(work.path, name, 'work')}
text_keys: question
partition_size: 2000
np: 2
retry_backoff_ms: 10
process:
  - whitespace_normalization_mapper:
  - text_length_filter: {min_len: 100}
  - document_deduplicator:
`

  it('run: exit 0, the export path and row count; status reports it completed; validate finds every file valid', () => {
    const recipe = writeRecipe('ok', base('ok'))
    const r = sieve('run', recipe)
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/^completed: \d+ rows exported to .*ok\/out\.parquet/)
    const status = sieve('status', join(work.path, 'ok', 'work'), '--json')
    expect(jsonLines(status.stdout)).toEqual([
      expect.objectContaining({ status: 'completed', partitions: expect.objectContaining({ total: 4, done: 4, failed: 0 }) })
    ])
    const valid = sieve('validate', join(work.path, 'ok'), '--deep')
    expect(valid.status).toBe(0)
    expect(valid.stdout).toMatch(/^5 valid, 0 invalid$/m)
  })

  it("Data-Juicer's keys: what is ignored is one warning naming each key once; what partition.mode auto chose is one note", () => {
    const body = base('dj-keys').replace('partition_size: 2000\n', 'partition: {mode: auto}\nuse_cache: true\nop_fusion: false\n')
    const recipe = writeRecipe(
      'dj-keys',
      body.replace('  - whitespace_normalization_mapper:\n', '  - whitespace_normalization_mapper: {accelerator: cpu, num_proc: 4}\n')
    )
    const r = sieve('run', recipe)
    expect(r.status).toBe(0)
    const warnings = r.stderr.split('\n').filter((l) => l.startsWith('warning: '))
    expect(warnings).toEqual([
      'warning: Ignored, as they mean nothing on one machine (Data-Juicer settings kept in the recipe): use_cache, op_fusion, accelerator (operator argument, on 1 operator), num_proc (operator argument, on 1 operator).'
    ])
    expect(r.stderr).toMatch(/^note: partition\.mode auto: 1,000 rows per partition, set by the least of 1,000 rows \(sample of 1,000 rows/m)
  })

  it('--json: one JSON event per line, ending with the outcome', () => {
    const recipe = writeRecipe('json', base('json'))
    const r = sieve('run', recipe, '--json')
    const events = jsonLines(r.stdout) as { event_type: string; status?: string; operation_name?: string }[]
    expect(events[0]!.event_type).toBe('job_start')
    expect(events.filter((e) => e.event_type === 'op_start' && e.operation_name === 'text_length_filter')).toHaveLength(4)
    expect(events.some((e) => e.event_type === 'partition_complete')).toBe(true)
    expect(events.at(-1)).toMatchObject({ event_type: 'outcome', status: 'completed' })
  })

  it('--np above the cores runs one worker per core, saying so once; with --json the notes are in the outcome and the event log', () => {
    const cores = availableParallelism()
    const recipe = writeRecipe('np', base('np').replace('np: 2\n', 'np: 2\nuse_cache: true\n'))
    const ignored = 'Ignored, as they mean nothing on one machine (Data-Juicer settings kept in the recipe): use_cache.'
    const capped = cores < 50 ? [`np 50 is more than this machine's ${cores} cores: running ${cores} workers`] : []
    const text = sieve('run', recipe, '--np', '50')
    expect(text.status).toBe(0)
    expect(text.stderr.split('\n').filter((l) => l.startsWith('warning: '))).toEqual([ignored, ...capped].map((n) => `warning: ${n}`))
    const json = sieve('run', recipe, '--np', '50', '--json', '--force')
    expect(json.status).toBe(0)
    expect(json.stderr).not.toMatch(/warning/)
    const lines = jsonLines(json.stdout)
    expect(lines.filter((e) => e.level === 'WARNING').map((e) => [e.event_type, e.message])).toEqual(
      [ignored, ...capped].map((n) => ['job_start', n])
    )
    expect(lines.at(-1)).toMatchObject({ event_type: 'outcome', status: 'completed', notes: [ignored, ...capped] })
    const logged = readFileSync(join(work.path, 'np', 'work', 'logs', 'processing_events.jsonl'), 'utf8')
    for (const note of [ignored, ...capped]) expect(logged).toContain(JSON.stringify(note))
  })

  it('a partition that keeps failing: exit 1, a resume after the fault is gone: exit 0', () => {
    const recipe = writeRecipe('fails', base('fails').replace('np: 2', 'np: 2\nmax_retries: 1'))
    const failpoints = JSON.stringify([{ op: 'text_length_filter', partition: 1, times: -1, state_dir: join(work.path, 'fp') }])
    const failed = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'sieve'), 'run', recipe], {
      encoding: 'utf8',
      env: { ...process.env, SIEVE_FAILPOINTS: failpoints }
    })
    expect(failed.status).toBe(1)
    expect(failed.stdout).toMatch(/^completed with failures: 1 partition\(s\) failed before document_deduplicator, which needs every partition/)
    expect(failed.stdout).toMatch(/partition 1 failed: injected failure/)
    expect(failed.stdout).toMatch(/continue with: sieve resume /)
    expect(sieve('status', join(work.path, 'fails', 'work')).stdout).toMatch(/status +completed with failures/)
    expect(sieve('resume', join(work.path, 'fails', 'work')).status).toBe(0)
  })

  it('resume over a changed input: exit 2 saying what changed, nothing run; --force resumes anyway: exit 0', () => {
    const input = join(work.path, 'changing.jsonl')
    writeFileSync(input, readFileSync(GSM8K, 'utf8').split('\n').slice(0, 3000).join('\n'))
    const recipe = writeRecipe('changing', base('changing').replace(GSM8K, input))
    const failed = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'sieve'), 'run', recipe], {
      encoding: 'utf8',
      env: {
        ...process.env,
        SIEVE_FAILPOINTS: JSON.stringify([{ op: 'text_length_filter', partition: 1, times: -1, state_dir: join(work.path, 'fp-changing') }])
      }
    })
    expect(failed.status).toBe(1)
    appendFileSync(input, '\n{"question": "one more", "answer": "1"}')
    const workDir = join(work.path, 'changing', 'work')
    const manifest = readFileSync(join(workDir, 'metadata', 'manifest.json'), 'utf8')
    const refused = sieve('resume', workDir)
    expect(refused).toMatchObject({
      status: 2,
      stderr: expect.stringMatching(
        new RegExp(`^sieve: Cannot resume .*: ${input} changed size \\(\\d+ → \\d+ bytes\\)\\. .*resume anyway with --force\\.\\n$`)
      )
    })
    expect(readFileSync(join(workDir, 'metadata', 'manifest.json'), 'utf8')).toBe(manifest)
    expect(sieve('resume', workDir, '--force').status).toBe(0)
  })

  it('config errors: exit 2 with the recipe line, or the missing file, and nothing written', () => {
    const typo = writeRecipe('typo', base('typo').replace('partition_size', 'partiton_size'))
    expect(sieve('run', typo)).toMatchObject({
      status: 2,
      stderr: expect.stringMatching(/typo\.yaml, line 5: 'partiton_size' is not a recipe key\. Did you mean 'partition_size'\?/)
    })
    const missing = writeRecipe('missing', base('missing').replace(GSM8K, '/no/such/data.jsonl'))
    expect(sieve('run', missing)).toMatchObject({ status: 2, stderr: expect.stringMatching(/No file or folder at \/no\/such\/data\.jsonl/) })
    expect(existsSync(join(work.path, 'missing'))).toBe(false)
    expect(sieve('run', '/no/recipe.yaml')).toMatchObject({ status: 2 })
    const unsupported = writeRecipe('unsupported', `${base('unsupported')}  - words_num_filter: {tokenization: true, lang: "e n"}\n`)
    expect(sieve('run', unsupported)).toMatchObject({
      status: 2,
      stderr: expect.stringMatching(/unsupported\.yaml, line 12: 'process\[3\]\.words_num_filter\.lang' .*'e n' is not a language code/)
    })
    expect(existsSync(join(work.path, 'unsupported'))).toBe(false)
    expect(sieve('resume', work.path)).toMatchObject({ status: 2, stderr: expect.stringMatching(/is not a Sieve work directory/) })
  })

  it('validate: every good parquet-testing file valid, every bad one invalid with a reason, exit 1', () => {
    const good = sieve('validate', PARQUET_GOOD, '--deep')
    expect(good.status).toBe(0)
    expect(good.stdout).toMatch(/^\d+ valid, 0 invalid$/m)
    const bad = sieve('validate', PARQUET_BAD, '--deep', '--json')
    expect(bad.status).toBe(1)
    const reports = jsonLines(bad.stdout) as unknown as { valid: boolean; findings: { code: string }[] }[]
    expect(reports.length).toBeGreaterThanOrEqual(4)
    for (const r of reports) {
      expect(r.valid).toBe(false)
      expect(r.findings[0]!.code).toMatch(/^(FOOTER_CORRUPT|SCHEMA_INVALID|PAGE_DECODE_FAILED|ROWCOUNT_MISMATCH)$/)
    }
  })

  it('validate: a result edited after publishing fails against the manifest; a truncated copy is flagged', () => {
    const result = join(work.path, 'ok', 'work', 'results', 'partition_000000_processed.parquet')
    const bytes = readFileSync(result)
    writeFileSync(join(work.path, 'cut.parquet'), bytes.subarray(0, bytes.length - 100))
    expect(sieve('validate', join(work.path, 'cut.parquet')).stdout).toMatch(/TRUNCATED/)
    writeFileSync(result, Buffer.concat([bytes.subarray(0, 10), Buffer.from([bytes[10]! ^ 0xff]), bytes.subarray(11)]))
    const r = sieve('validate', result)
    expect(r.status).toBe(1)
    expect(r.stdout).toMatch(/CHECKSUM_MISMATCH/)
  })

  it('ops lists the operators with their parameters', () => {
    const ops = jsonLines(sieve('ops', '--json').stdout) as { name: string; params: { name: string; default: unknown }[] }[]
    expect(ops.find((o) => o.name === 'text_length_filter')?.params).toEqual([
      expect.objectContaining({ name: 'min_len', default: 10 }),
      expect.objectContaining({ name: 'max_len', default: null })
    ])
    expect(sieve('ops').stdout).toMatch(/document_deduplicator {2}\(deduplicator\)/)
  })

  it("ops shows Data-Juicer's operators against Sieve's: after the listing, or alone with --coverage, as text or JSON", () => {
    const table = sieve('ops', '--coverage').stdout
    expect(table).toMatch(/^Data-Juicer's operators \(ops.json at commit c07c2d793\): \d+ of 155 in Sieve\.$/m)
    expect(table).toMatch(/^mappers: \d+ of 82 in Sieve$/m)
    expect(table).toMatch(/^ {2}remove_header_mapper +in Sieve$/m)
    expect(table).toMatch(/^ {2}image_blur_mapper +missing: multimodal/m)
    expect(table).not.toMatch(/\(deduplicator\)/)
    expect(sieve('ops').stdout).toContain(table)
    const rows = jsonLines(sieve('ops', '--coverage', '--json').stdout) as { name: string; in_sieve: boolean }[]
    expect(rows).toHaveLength(155)
    expect(rows.find((r) => r.name === 'ray_bts_minhash_deduplicator')).toMatchObject({ in_sieve: true, params_not_in_sieve: [] })
  })
})

describe('bin/sieve with a reader that stops early', () => {
  /** Runs the CLI piped into `head -1`, which closes the pipe after one line; the status is the CLI's (pipefail). */
  function intoHead(...args: string[]): { status: number | null; stderr: string; read: string } {
    const r = spawnSync('bash', ['-c', 'set -o pipefail; "$@" | head -1', 'bash', process.execPath, join(REPO_ROOT, 'bin', 'sieve'), ...args], {
      encoding: 'utf8',
      timeout: 120_000
    })
    return { status: r.status, stderr: r.stderr, read: r.stdout }
  }

  it.each(['ops --json', 'models --json', 'ops'])('sieve %s exits 0, quietly, when its stdout is closed', (command) => {
    const r = intoHead(...command.split(' '))
    expect(r.read.split('\n')).toHaveLength(2)
    expect(r.status).toBe(0)
    // bin/sieve says so when it builds first; nothing else may be said.
    expect(r.stderr.replace(/^sieve: building .*\n/, '')).toBe('')
  })
})

describe('bin/sieve export-recipe', () => {
  it('prints the recipe in Data-Juicer YAML or for its Ray executor; refuses another target', () => {
    const starter = join(REPO_ROOT, 'resources', 'recipes', 'starter.yaml')
    const dj = sieve('export-recipe', starter, '--to', 'data-juicer')
    expect(dj.status).toBe(0)
    expect(dj.stdout).toMatch(/^project_name: sieve-starter$/m)
    expect(dj.stdout).not.toMatch(/executor_type/)
    const ray = sieve('export-recipe', starter, '--to', 'ray')
    expect(ray.stdout).toMatch(/^executor_type: ray$/m)
    expect(ray.stderr).toMatch(/^warning: Every path in this recipe .* every node of the Ray cluster must see it/m)
    // The recipe's own Data-Juicer settings reach either target unchanged; what is left out is named on stderr.
    const work = scratchDir('cli-export')
    const recipe = join(work.path, 'cluster.yaml')
    writeFileSync(
      recipe,
      `${readFileSync(starter, 'utf8').replace('np: 2', 'np: 2\nray_address: ray://head:10001\nop_fusion: true\nmax_retries: 5')}`.replace(
        '  - whitespace_normalization_mapper:',
        '  - whitespace_normalization_mapper: {num_proc: 3, accelerator: cpu}'
      )
    )
    for (const to of ['ray', 'data-juicer']) {
      const out = sieve('export-recipe', recipe, '--to', to)
      expect(out.status).toBe(0)
      expect(out.stdout).toMatch(/^ray_address: ray:\/\/head:10001$/m)
      expect(out.stdout).toMatch(/^op_fusion: true$/m)
      expect(out.stdout).toMatch(/^ {2}- whitespace_normalization_mapper:\n {6}num_proc: 3\n {6}accelerator: cpu$/m)
      expect(out.stderr).toMatch(/^warning: max_retries is left out, as Data-Juicer's config_all.yaml does not list it\.$/m)
    }
    work.remove()
    expect(sieve('export-recipe', starter, '--to', 'spark')).toMatchObject({
      status: 2,
      stderr: expect.stringMatching(/--to must be data-juicer or ray/)
    })
  })
})
