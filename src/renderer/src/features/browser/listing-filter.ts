import type { DirectoryEntry } from '../../../../shared/dataset'
import type { BrowsePurpose } from './browser-slice'
import { documentSuffix } from '../../../../shared/text-documents'

/** Which files the browser lists; folders are always listed, so every file can be reached. */
export type TypeFilter = 'datasets' | 'parquet' | 'recipes' | 'all'

export const TYPE_FILTERS: { filter: TypeFilter; label: string }[] = [
  { filter: 'datasets', label: 'Datasets (JSONL, JSON, CSV, TSV, Parquet, Arrow, text documents)' },
  { filter: 'parquet', label: 'Parquet files' },
  { filter: 'recipes', label: 'Recipes (.yaml)' },
  { filter: 'all', label: 'All files' }
]

/** Compressed text datasets (.jsonl.gz, .csv.zst) count as datasets too. */
const PATTERNS: Record<Exclude<TypeFilter, 'all'>, RegExp> = {
  datasets: /\.(jsonl|ndjson|json|csv|tsv|txt|parquet|pq|arrow|feather|ipc)(\.(gz|zst))?$/i,
  parquet: /\.(parquet|pq)$/i,
  recipes: /\.ya?ml$/i
}

/** The filter a browser opens with: what it was opened to choose. */
export function defaultTypeFilter(purpose: BrowsePurpose): TypeFilter {
  if (purpose === 'open') return 'datasets'
  if (purpose === 'open-recipe' || purpose === 'save-recipe') return 'recipes'
  return 'all'
}

/**
 * The folder a typed path lists and the start of the names it narrows that folder to: `/data/te` lists `/data`
 * showing the names that start with `te`; `/data/` lists all of `/data`. A relative path lists nothing.
 */
export function liveTarget(typed: string): { dir: string; prefix: string } {
  const text = typed.trim()
  const cut = Math.max(text.lastIndexOf('/'), text.lastIndexOf('\\'))
  if (cut < 0) return { dir: '', prefix: '' }
  const head = text.slice(0, cut)
  // The root keeps its separator ("/", "C:\"); any other folder is named without a trailing one.
  const dir = head === '' || /^[A-Za-z]:$/.test(head) ? text.slice(0, cut + 1) : head
  return { dir, prefix: text.slice(cut + 1) }
}

/** The entries shown: folders, and the files the type filter admits, narrowed to names starting with `prefix` (any case). */
export function visibleEntries(entries: readonly DirectoryEntry[], filter: TypeFilter, prefix: string): DirectoryEntry[] {
  const start = prefix.toLowerCase()
  return entries.filter(
    (e) =>
      (e.kind === 'directory' ||
        filter === 'all' ||
        PATTERNS[filter].test(e.name) ||
        (filter === 'datasets' && documentSuffix(e.name) !== undefined)) &&
      (start === '' || e.name.toLowerCase().startsWith(start))
  )
}
