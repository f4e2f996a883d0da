import type { DatasetAnalysis, Histogram, NumericStatSummary } from '../../shared/analysis'
import { categoricalLines, formatNumber, OVERALL_COLUMNS, overallRows } from './overall-table'

export const escape = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

const WIDTH = 360
const HEIGHT = 140

/** A histogram as an inline SVG of bars, with its range below; each bar's title gives its bin and count. */
export function histogramSvg(name: string, h: Histogram): string {
  const max = Math.max(1, ...h.counts)
  const w = WIDTH / Math.max(1, h.counts.length)
  const bars = h.counts
    .map((count, i) => {
      const height = (count / max) * (HEIGHT - 4)
      const title = `[${formatNumber(h.edges[i]!)}, ${formatNumber(h.edges[i + 1]!)}${i === h.counts.length - 1 ? ']' : ')'}: ${count}`
      return `<rect x="${(i * w).toFixed(2)}" y="${(HEIGHT - height).toFixed(2)}" width="${Math.max(0.5, w - 1).toFixed(2)}" height="${height.toFixed(2)}"><title>${escape(title)}</title></rect>`
    })
    .join('')
  const first = formatNumber(h.edges[0] ?? NaN)
  const last = formatNumber(h.edges.at(-1) ?? NaN)
  return `<svg role="img" aria-label="Histogram of ${escape(name)}" viewBox="0 0 ${WIDTH} ${HEIGHT + 16}" width="${WIDTH}" height="${HEIGHT + 16}">${bars}<text x="0" y="${HEIGHT + 13}">${first}</text><text x="${WIDTH}" y="${HEIGHT + 13}" text-anchor="end">${last}</text></svg>`
}

function figure(name: string, s: NumericStatSummary): string {
  return `<figure><figcaption>${escape(name)} <span>${s.count} rows${s.missing > 0 ? `, ${s.missing} without a value` : ''}</span></figcaption>${histogramSvg(name, s.histogram)}</figure>`
}

export const STYLE = `
:root { color-scheme: light dark; --fg: #1d2126; --bg: #ffffff; --muted: #5b6470; --bar: #3b6fd8; --line: #d9dde3; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6e9ee; --bg: #16191d; --muted: #9aa3ad; --bar: #7aa2f7; --line: #333a42; } }
body { font: 14px/1.45 system-ui, sans-serif; color: var(--fg); background: var(--bg); margin: 2rem; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; margin-top: 2rem; }
p, figcaption span { color: var(--muted); }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
th, td { padding: 0.2rem 0.6rem; border-bottom: 1px solid var(--line); text-align: right; }
th:first-child, td:first-child { text-align: left; }
.charts { display: flex; flex-wrap: wrap; gap: 1.5rem; }
figure { margin: 0; } figcaption { font-weight: 600; margin-bottom: 0.3rem; }
svg rect { fill: var(--bar); } svg text { fill: var(--muted); font-size: 11px; }
`

/** The analysis as one self-contained HTML page: the overall table and a histogram per stat and text column, no external assets. */
export function analysisReportHtml(analysis: DatasetAnalysis, title: string): string {
  const header = `<tr>${OVERALL_COLUMNS.map((c) => `<th scope="col">${escape(c)}</th>`).join('')}</tr>`
  const body = overallRows(analysis)
    .map((r) => `<tr>${r.map((cell, i) => (i === 0 ? `<th scope="row">${escape(cell)}</th>` : `<td>${escape(cell)}</td>`)).join('')}</tr>`)
    .join('')
  const numeric = Object.entries(analysis.stats).flatMap(([name, s]) => (s.kind === 'numeric' ? [figure(name, s)] : []))
  const lengths = analysis.columns.flatMap((c) => (c.length !== undefined ? [figure(`len(${c.name})`, c.length)] : []))
  const categories = categoricalLines(analysis, 50).map((l) => `<li>${escape(l)}</li>`)
  const columns = analysis.columns
    .map(
      (c) =>
        `<tr><th scope="row">${escape(c.name)}</th><td>${escape(c.type)}</td><td>${c.nulls}</td><td>${c.distinctIsEstimate ? '≈' : ''}${c.distinct}</td></tr>`
    )
    .join('')
  const noStats =
    Object.keys(analysis.stats).length === 0 ? '<p>The recipe has no filter that computes a stat: only the input columns are analyzed.</p>' : ''
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Analysis: ${escape(title)}</title><style>${STYLE}</style></head>
<body><h1>Analysis: ${escape(title)}</h1>
<p>${analysis.rows} rows of ${analysis.input.paths.map(escape).join(', ')}, analyzed ${escape(analysis.createdAt)}. Every stat is computed over every row of the input (not after the filters before it); quantiles are exact.</p>
${noStats}
<h2>Overall</h2><table>${header}${body}</table>
${categories.length > 0 ? `<h2>Categories</h2><ul>${categories.join('')}</ul>` : ''}
<h2>Histograms</h2><div class="charts">${[...numeric, ...lengths].join('')}</div>
<h2>Columns</h2><table><tr><th scope="col">column</th><th scope="col">type</th><th scope="col">nulls</th><th scope="col">distinct</th></tr>${columns}</table>
</body></html>
`
}
