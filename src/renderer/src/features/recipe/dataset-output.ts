import { baseName, dirName } from '../../paths'

const DATA_EXTENSIONS = /(\.(jsonl|ndjson|json|csv|tsv|txt|parquet|pq|arrow|feather|ipc))?(\.(gz|zst|zstd))?$/i

/**
 * The name a dataset's output is named after: its file name without the data and compression
 * extensions (`tweets.jsonl.gz` → `tweets`), its folder's name for a folder or a glob, and for several
 * paths the first one's. Characters a file name should not carry become `-`.
 */
export function datasetStem(paths: readonly string[]): string {
  const first = paths[0] ?? ''
  const named = /[*?[]/.test(first) ? baseName(dirName(first)) : baseName(first)
  const stem = named
    .replace(DATA_EXTENSIONS, '')
    .replace(/[^\p{L}\p{N}._-]+/gu, '-')
    .replace(/^[-.]+|-+$/g, '')
  return stem === '' ? 'dataset' : stem
}
