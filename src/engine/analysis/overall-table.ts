import { QUANTILE_NAMES, type DatasetAnalysis, type NumericStatSummary } from '../../shared/analysis'

/** Columns of Data-Juicer's overall table (std is the population one, as `std` says in its header). */
export const OVERALL_COLUMNS = ['stat', 'count', 'mean', 'std (pop.)', 'min', ...QUANTILE_NAMES, 'max'] as const

/** A number as the table shows it: whole numbers in full, others to 6 significant digits. */
export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return '–'
  if (Number.isInteger(value)) return String(value)
  return Number(value.toPrecision(6)).toString()
}

/** A numeric stat's row of the overall table, under `name`. */
export function numericRow(name: string, s: NumericStatSummary): string[] {
  return [
    name,
    String(s.count),
    formatNumber(s.mean),
    formatNumber(s.std),
    formatNumber(s.min),
    ...QUANTILE_NAMES.map((q) => formatNumber(s.quantiles[q])),
    formatNumber(s.max)
  ]
}

/** The overall table's rows, one per numeric stat, then one per text column's length (`len(text)`). */
export function overallRows(analysis: DatasetAnalysis): string[][] {
  const rows: string[][] = []
  for (const [name, s] of Object.entries(analysis.stats)) if (s.kind === 'numeric') rows.push(numericRow(name, s))
  for (const c of analysis.columns) if (c.length !== undefined) rows.push(numericRow(`len(${c.name})`, c.length))
  return rows
}

/** Categorical stats as lines: each with its distinct count and most frequent values. */
export function categoricalLines(analysis: DatasetAnalysis, top = 10): string[] {
  return Object.entries(analysis.stats).flatMap(([name, s]) => {
    if (s.kind !== 'categorical') return []
    const values = s.top
      .slice(0, top)
      .map((t) => `${t.value === '' ? '(empty)' : t.value} ${t.count}`)
      .join(', ')
    return [
      `${name}: ${s.count} rows, ${s.distinct}${s.distinctIsEstimate ? ' (estimate)' : ''} distinct — ${values}${s.top.length > top ? ', …' : ''}`
    ]
  })
}

/** The table as aligned text, for a terminal. */
export function overallTableText(analysis: DatasetAnalysis): string {
  const rows = [[...OVERALL_COLUMNS], ...overallRows(analysis)]
  const widths = OVERALL_COLUMNS.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)))
  const lines = rows.map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '))
  return [...lines, ...categoricalLines(analysis)].join('\n')
}
