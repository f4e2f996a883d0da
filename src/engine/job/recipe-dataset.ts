import { existsSync } from 'node:fs'
import { RecipeProblem } from './recipe-keys'

/**
 * What a recipe reads, written either way Data-Juicer takes it: `dataset_path` (a path, a list, or
 * Data-Juicer's `'<w1> a.jsonl <w2> b/'` — paths with optional weights, shell-quoted), or
 * `dataset: {configs: [{type: local, path, weight}]}`. Data-Juicer gives weights effect only
 * with `dataset.max_sample_num`, when it draws a random sample; Sieve reads every row, so it
 * refuses max_sample_num rather than process what the user meant to sample.
 */

const WEIGHT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/

/** Splits on white space, keeping '…' and "…" together, as Python's shlex.split does for these. */
function shellWords(text: string): string[] {
  const words: string[] = []
  for (const match of text.matchAll(/(?:[^\s'"]+|'[^']*'|"[^"]*")+/g)) words.push(match[0].replace(/'([^']*)'|"([^"]*)"/g, '$1$2'))
  return words
}

/** A dataset_path string's paths: itself when it names something, else Data-Juicer's weighted list when it is one. */
function pathsOf(value: string, at: (path: string) => string): string[] {
  if (!/\s/.test(value.trim()) || existsSync(at(value))) return [value]
  const words = shellWords(value)
  const paths = words.filter((w) => !WEIGHT.test(w))
  const weighted = paths.length < words.length
  return paths.length > 0 && (weighted || paths.every((p) => existsSync(at(p)))) ? paths : [value]
}

function datasetConfigPaths(dataset: Record<string, unknown>): string[] {
  if (dataset.max_sample_num !== undefined) {
    throw new RecipeProblem(
      ['dataset', 'max_sample_num'],
      'asks for a random sample, which Sieve does not draw: it processes every row of the datasets. Remove it to process them whole, or make a sample file first and name it in path'
    )
  }
  const configs = dataset.configs as Record<string, unknown>[]
  return configs.map((config, i) => {
    if (config.type !== 'local') {
      throw new RecipeProblem(
        ['dataset', 'configs', i, 'type'],
        `is '${String(config.type)}': Sieve reads local files only. Download the dataset and set type: local and path to its file or folder`
      )
    }
    return config.path as string
  })
}

/** The paths the recipe reads, each as written (relative ones are resolved by the caller). */
export function datasetPathsOf(raw: Record<string, unknown>, at: (path: string) => string): string[] {
  const given = raw.dataset_path
  if (given !== undefined && given !== null) return (Array.isArray(given) ? (given as string[]) : [given as string]).flatMap((p) => pathsOf(p, at))
  if (raw.dataset !== undefined && raw.dataset !== null) return datasetConfigPaths(raw.dataset as Record<string, unknown>)
  throw new RecipeProblem(['dataset_path'], 'is required: the file, folder or glob to process (or dataset: {configs: [{type: local, path: …}]})')
}

/** Data-Juicer reads dataset_path before dataset; a recipe setting both is told which is read. */
export function datasetNote(raw: Record<string, unknown>): string[] {
  const both = raw.dataset_path !== undefined && raw.dataset_path !== null && raw.dataset !== undefined && raw.dataset !== null
  return both ? ["'dataset' is not read: dataset_path is set too, and is read instead, as Data-Juicer does."] : []
}
