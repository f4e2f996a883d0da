import { join } from 'node:path'
import type { AnalyzedOp, CategoricalStatSummary, ColumnSummary, DatasetAnalysis, StatSummary } from '../../shared/analysis'
import { publishText } from '../io/publish'
import { WorkDir } from '../job/layout'
import type { FileRecord } from '../task-types'
import { DistinctCounter } from './hyperloglog'
import type { CategoricalPartial, StatPartial } from './partial'
import { PartialFile } from './partial-file'
import type { NumericPartial } from './numeric-values'
import { summarizeNumeric } from './numeric-summary'
import { analysisReportHtml } from './report-html'

/** The most frequent values a categorical stat lists. */
const TOP_VALUES = 50

export interface MergeAnalysisInput {
  workDir: string
  /** Every partition's partial, in partition order. */
  partials: FileRecord[]
  ops: AnalyzedOp[]
  input: DatasetAnalysis['input']
  /** The recipe's name, for the report's title. */
  title: string
}

function summarizeCategorical(partials: CategoricalPartial[]): CategoricalStatSummary {
  const counts = new Map<string, number>()
  let missing = 0
  for (const p of partials) {
    missing += p.missing
    for (const [value, n] of p.counts) counts.set(value, (counts.get(value) ?? 0) + n)
  }
  const sorted = [...counts].sort(([va, a], [vb, b]) => b - a || (va < vb ? -1 : va > vb ? 1 : 0))
  return {
    kind: 'categorical',
    count: sorted.reduce((n, [, c]) => n + c, 0),
    missing,
    distinct: counts.size,
    distinctIsEstimate: false,
    top: sorted.slice(0, TOP_VALUES).map(([value, count]) => ({ value, count }))
  }
}

/** The analysis of the whole dataset from every partition's partial. */
export function mergePartials(files: PartialFile[], ops: AnalyzedOp[], input: DatasetAnalysis['input']): DatasetAnalysis {
  const numericOf = (pick: (f: PartialFile) => NumericPartial | undefined): StatSummary => {
    const parts = files.flatMap((f) => {
      const p = pick(f)
      return p === undefined ? [] : [{ p, run: f.run(p.offset, p.count) }]
    })
    return summarizeNumeric(
      parts.map((x) => x.p),
      parts.map((x) => x.run)
    )
  }
  const names = [...new Set(files.flatMap((f) => Object.keys(f.header.stats)))].sort()
  const stats: Record<string, StatSummary> = {}
  for (const name of names) {
    const parts = files.map((f) => f.header.stats[name]).filter((p): p is StatPartial => p !== undefined)
    // A stat numeric in some partitions and text in others (a field of mixed types) is summarized as categories.
    stats[name] = parts.every((p) => p.kind === 'numeric')
      ? numericOf((f) => f.header.stats[name] as NumericPartial | undefined)
      : summarizeCategorical(
          parts.map((p) => (p.kind === 'categorical' ? p : { kind: 'categorical', count: 0, missing: p.missing + p.count, counts: [] }))
        )
  }
  const columns: ColumnSummary[] = (files[0]?.header.columns ?? []).map((first) => {
    const parts = files.map((f) => f.header.columns.find((c) => c.name === first.name)).filter((c) => c !== undefined)
    const distinct = new DistinctCounter()
    for (const c of parts) distinct.merge(c.distinct)
    const column: ColumnSummary = {
      name: first.name,
      type: first.type,
      nulls: parts.reduce((n, c) => n + c.nulls, 0),
      distinct: distinct.count,
      distinctIsEstimate: !distinct.isExact
    }
    if (first.length !== undefined)
      column.length = numericOf((f) => f.header.columns.find((c) => c.name === first.name)?.length) as typeof column.length
    if (first.values !== undefined)
      column.values = numericOf((f) => f.header.columns.find((c) => c.name === first.name)?.values) as typeof column.values
    return column
  })
  return {
    version: 1,
    rows: files.reduce((n, f) => n + f.header.rows, 0),
    createdAt: new Date().toISOString(),
    input,
    ops,
    stats,
    columns
  }
}

/** The worker task: merges the partials, publishes analysis.json and the HTML report. */
export async function mergeAnalysis(task: MergeAnalysisInput): Promise<FileRecord[]> {
  const dir = new WorkDir(task.workDir)
  const files: PartialFile[] = []
  try {
    for (const record of task.partials) files.push(PartialFile.open(join(dir.root, record.path)))
    const analysis = mergePartials(files, task.ops, task.input)
    const json = await publishText(dir.temp, dir.analysisJson, `${JSON.stringify(analysis)}\n`, dir.root)
    const html = await publishText(dir.temp, dir.analysisReport, analysisReportHtml(analysis, task.title), dir.root)
    return [
      { ...json, rows: analysis.rows },
      { ...html, rows: analysis.rows }
    ]
  } finally {
    for (const f of files) f.close()
  }
}
