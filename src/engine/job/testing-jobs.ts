import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { parseRecipe } from './recipe'
import { readBatches } from '../io/read-file'
import { jsonValue } from '../io/write'
import { rowObjects } from '../ops/batch'
import type { Recipe } from '../../shared/recipe'
import type { JobEvent } from '../log/events'
import { Job, type JobOutcome } from './job'
import { afterAll, beforeAll } from 'vitest'
import { GEN_CORPUS, scratchDir, TEST_WORKER } from '../testing'

/** Test-only helpers for running jobs and reading what they wrote. */
export function makeCorpus(path: string, rows: number, seed = 7): string {
  if (!existsSync(path)) execFileSync(process.execPath, [GEN_CORPUS, '--rows', String(rows), '--seed', String(seed), '--out', path])
  return path
}

export function recipeFrom(yaml: string, baseDir: string): Recipe {
  return parseRecipe(yaml, baseDir).recipe
}

/** A two-worker recipe named `name` whose export and work directory sit in their own folder under `root`. */
export function namedRecipe(root: string, name: string, dataset: string, extra: string, ops: string): Recipe {
  return recipeFrom(
    `project_name: ${name}
dataset_path: ${dataset}
export_path: ${join(root, name, 'out.parquet')}
work_dir: ${join(root, name, 'work')}
np: 2
retry_backoff_ms: 10
${extra}
process:
${ops}`,
    root
  )
}

export async function runToEnd(
  recipe: Recipe,
  options: { force?: boolean; resume?: boolean } = {}
): Promise<{ outcome: JobOutcome; events: JobEvent[]; job: Job }> {
  const events: JobEvent[] = []
  const jobOptions = { workerPath: TEST_WORKER, onEvent: (e: JobEvent) => events.push(e), ...(options.force ? { force: true } : {}) }
  const job = options.resume ? await Job.open(recipe.work_dir, jobOptions) : await Job.create(recipe, jobOptions)
  const outcome = await job.run()
  return { outcome, events, job }
}

/** Every row of a Parquet file, as JSON, in file order. */
export async function parquetRows(path: string): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = []
  for (const batch of await readBatches(path, 'parquet')) for (const row of rowObjects(batch)) rows.push(jsonValue(row) as Record<string, unknown>)
  return rows
}

/** A recipe over a generated corpus (2,000 rows, 300 per partition) in `dir`, with the given process lines. */
export function corpusRecipe(dir: string, name: string, np: number, ops: string): Recipe {
  const corpus = makeCorpus(`${dir}/corpus.jsonl`, 2000, 9)
  return recipeFrom(
    `dataset_path: ${corpus}\nexport_path: ${dir}/${name}/out.parquet\nwork_dir: ${dir}/${name}/work\nnp: ${np}\npartition_size: 300\nprocess:\n${ops}`,
    dir
  )
}

/** The job tests' recipe: four operators with a dedup between them, over `dataset`, in `root`/`name`; `extra` lines at the end. */
export function pipelineYaml(root: string, dataset: string, name: string, extra = ''): string {
  return `project_name: ${name}
dataset_path: ${dataset}
export_path: ${join(root, name, 'out.parquet')}
work_dir: ${join(root, name, 'work')}
text_keys: text
np: 2
partition_size: 1000
retry_backoff_ms: 20
process:
  - whitespace_normalization_mapper:
  - text_length_filter:
      min_len: 50
      max_len: 20000
  - document_deduplicator:
  - text_length_filter:
      min_len: 60
${extra}`
}

/**
 * A test file's scratch folder with a 6,000-row corpus, made before its tests and removed after;
 * `pipeline` is the standard job (pipelineYaml) over that corpus.
 */
export function jobScratch(prefix: string): {
  root: string
  corpus: () => string
  pipeline: (name: string, extra?: string, dataset?: string) => string
} {
  const scratch = scratchDir(prefix)
  let corpus = ''
  beforeAll(() => {
    corpus = makeCorpus(join(scratch.path, 'corpus.jsonl'), 6000)
  })
  afterAll(() => scratch.remove())
  return {
    root: scratch.path,
    corpus: () => corpus,
    pipeline: (name, extra = '', dataset = corpus) => pipelineYaml(scratch.path, dataset, name, extra)
  }
}
