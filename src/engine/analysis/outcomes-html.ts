import { TEXT_EXAMPLE_CHARS, type FilterOutcome, type JobOutcomes, type StatSummary } from '../../shared/analysis'
import { formatNumber, numericRow, OVERALL_COLUMNS } from './overall-table'
import { escape, histogramSvg, STYLE } from './report-html'

const EXTRA_STYLE = `
.examples th, .examples td { text-align: left; vertical-align: top; }
td.note { text-align: left; color: var(--muted); }
.examples td.text { white-space: pre-wrap; max-width: 48rem; overflow-wrap: anywhere; }
`

function share(part: number, whole: number): string {
  return whole > 0 ? `${((100 * part) / whole).toFixed(1)}%` : '–'
}

function summaryRow(side: string, s: StatSummary | null): string {
  if (s === null) return `<tr><th scope="row">${side}</th><td class="note" colspan="${OVERALL_COLUMNS.length - 1}">no row has a value</td></tr>`
  if (s.kind === 'categorical') {
    const top = s.top
      .slice(0, 10)
      .map((t) => `${t.value === '' ? '(empty)' : t.value} ${t.count}`)
      .join(', ')
    return `<tr><th scope="row">${side}</th><td>${s.count}</td><td colspan="${OVERALL_COLUMNS.length - 2}" style="text-align:left">${escape(`${s.distinct} distinct: ${top}`)}</td></tr>`
  }
  return `<tr>${numericRow(side, s)
    .map((cell, i) => (i === 0 ? `<th scope="row">${escape(cell)}</th>` : `<td>${escape(cell)}</td>`))
    .join('')}</tr>`
}

function figure(caption: string, s: StatSummary | null): string {
  if (s === null || s.kind !== 'numeric') return ''
  return `<figure><figcaption>${escape(caption)} <span>${s.count} rows</span></figcaption>${histogramSvg(caption, s.histogram)}</figure>`
}

function section(o: FilterOutcome): string {
  const rowsIn = o.rowsKept + o.rowsDropped
  const head = `<tr>${['', ...OVERALL_COLUMNS.slice(1)].map((c) => `<th scope="col">${escape(c)}</th>`).join('')}</tr>`
  const stats =
    o.statsKey === null
      ? '<p>This filter has no stat.</p>'
      : `<table>${head}${summaryRow('kept', o.kept)}${summaryRow('dropped', o.dropped)}</table><div class="charts">${figure(`${o.statsKey}, kept`, o.kept)}${figure(`${o.statsKey}, dropped`, o.dropped)}</div>`
  const examples = o.examples
    .map(
      (e) =>
        `<tr><td>${escape(e.stat === null ? '–' : typeof e.stat === 'number' ? formatNumber(e.stat) : e.stat)}</td><td>${escape(e.reason)}</td><td class="text">${escape(e.text)}${e.textLength > TEXT_EXAMPLE_CHARS ? ` <span>(cut from ${e.textLength} characters)</span>` : ''}</td></tr>`
    )
    .join('')
  return `<section><h2>${o.index}. ${escape(o.name)}${o.statsKey !== null ? ` <span>${escape(o.statsKey)}</span>` : ''}</h2>
<p>${rowsIn} rows in: ${o.rowsKept} kept, ${o.rowsDropped} dropped (${share(o.rowsDropped, rowsIn)}).</p>
${stats}
${examples !== '' ? `<h3>Dropped rows</h3><table class="examples"><tr><th scope="col">stat</th><th scope="col">reason</th><th scope="col">text</th></tr>${examples}</table>` : ''}
</section>`
}

/** A run's filter outcomes as one self-contained HTML page: per filter, its stat among the kept and the dropped rows, and dropped rows. */
export function outcomesReportHtml(outcomes: JobOutcomes): string {
  const partial = outcomes.complete
    ? ''
    : `<p>Only ${outcomes.partitionsDone} of ${outcomes.partitions} partitions finished: these are the outcomes so far.</p>`
  const none = outcomes.outcomes.length === 0 ? '<p>The recipe has no filter: every row went through.</p>' : ''
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Filter outcomes: ${escape(outcomes.workDir)}</title><style>${STYLE}${EXTRA_STYLE}</style></head>
<body><h1>Filter outcomes</h1>
<p>${escape(outcomes.workDir)}: what each filter kept and dropped, its stat on either side (quantiles exact), and the first rows it dropped.</p>
${partial}${none}
${outcomes.outcomes.map(section).join('\n')}
</body></html>
`
}
