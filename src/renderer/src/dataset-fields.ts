import type { DatasetSummary } from './features/dataset/dataset-slice'

/** A column of strings as Arrow prints its type (plain, large or dictionary-encoded); not a struct or list that holds strings. */
const TEXT_TYPE = /^(Large)?Utf8$|^Dictionary<[^,<>]+, ?(Large)?Utf8>$/i

/** The text columns of a dataset, the likeliest first: `text` when there is one, as Data-Juicer assumes. */
export function textColumns(summary: DatasetSummary): string[] {
  const names = summary.schema.filter((c) => TEXT_TYPE.test(c.type)).map((c) => c.name)
  return names.includes('text') ? ['text', ...names.filter((n) => n !== 'text')] : names
}

/** The paths a recipe reads the dataset from: the one opened, or each of several opened together. */
export function datasetPaths(summary: DatasetSummary): string[] {
  return summary.paths ?? [summary.path]
}
