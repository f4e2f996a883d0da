import { existsSync } from 'node:fs'
import type { FilterOutcome, JobOutcomes, StatSummary } from '../../shared/analysis'
import { formatNumber, numericRow, OVERALL_COLUMNS, readJobOutcomes, WorkDir } from '../../engine'
import { EXIT } from './jobs'

/** Dropped rows the terminal shows per filter (outcomes.html and --json have them all), and the characters of each. */
const EXAMPLES_SHOWN = 3
const TEXT_SHOWN = 100

function sideRow(side: string, s: StatSummary | null): string[] {
  if (s === null) return [side, '0', 'no value']
  if (s.kind === 'numeric') return numericRow(side, s)
  const top = s.top
    .slice(0, 5)
    .map((t) => `${t.value === '' ? '(empty)' : t.value} ${t.count}`)
    .join(', ')
  return [side, String(s.count), `${s.distinct} distinct: ${top}`]
}

/** Rows as aligned columns: the first left-aligned, numbers right-aligned; a short row's last cell runs on. */
function aligned(rows: string[][], indent: string): string[] {
  const full = rows.filter((r) => r.length === OVERALL_COLUMNS.length)
  const widths = OVERALL_COLUMNS.map((_, i) => Math.max(...full.map((r) => r[i]!.length)))
  return rows.map((r) => `${indent}${r.map((cell, i) => (i === 0 ? cell.padEnd(widths[0]!) : cell.padStart(widths[i] ?? 0))).join('  ')}`.trimEnd())
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  const chars = [...flat]
  return chars.length > TEXT_SHOWN ? `${chars.slice(0, TEXT_SHOWN).join('')}…` : flat
}

function filterLines(o: FilterOutcome): string[] {
  const rowsIn = o.rowsKept + o.rowsDropped
  const share = rowsIn > 0 ? ` (${((100 * o.rowsDropped) / rowsIn).toFixed(1)}%)` : ''
  const lines = [
    `${o.index}. ${o.name}${o.statsKey !== null ? ` (${o.statsKey})` : ''}: ${rowsIn} in, ${o.rowsKept} kept, ${o.rowsDropped} dropped${share}`
  ]
  if (o.statsKey !== null) lines.push(...aligned([['', ...OVERALL_COLUMNS.slice(1)], sideRow('kept', o.kept), sideRow('dropped', o.dropped)], '   '))
  for (const e of o.examples.slice(0, EXAMPLES_SHOWN)) {
    const stat = e.stat === null ? '' : `${typeof e.stat === 'number' ? formatNumber(e.stat) : e.stat}  `
    lines.push(`   dropped: ${stat}${e.reason}: "${oneLine(e.text)}"`)
  }
  return lines
}

function outcomesText(outcomes: JobOutcomes): string {
  const dir = new WorkDir(outcomes.workDir)
  const lines = [
    outcomes.complete
      ? `What each filter kept and dropped over ${outcomes.partitions} partition(s); quantiles exact.`
      : `Only ${outcomes.partitionsDone} of ${outcomes.partitions} partition(s) finished: the outcomes so far.`
  ]
  if (outcomes.outcomes.length === 0) lines.push('The recipe has no filter: every row went through.')
  for (const o of outcomes.outcomes) lines.push('', ...filterLines(o))
  // A running job's outcomes are not kept (see readJobOutcomes): there is no file to point at yet.
  if (existsSync(dir.outcomesReport)) lines.push('', `  outcomes: ${dir.outcomesJson}`, `  report:   ${dir.outcomesReport}`)
  return lines.join('\n')
}

/** `sieve outcomes WORK_DIR`: what each filter of a run kept and dropped (with --json, one JobOutcomes line). */
export async function outcomesCommand(workDir: string, json: boolean): Promise<number> {
  const outcomes = await readJobOutcomes(workDir)
  process.stdout.write(`${json ? JSON.stringify(outcomes) : outcomesText(outcomes)}\n`)
  return EXIT.ok
}
