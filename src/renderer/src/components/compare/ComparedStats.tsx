import { useId } from 'react'
import type { ComparedJob, NumericStatSummary, StatSummary } from '../../../../shared/analysis'
import { formatCount } from '../../format'
import { StatBars, sharedDomain } from '../analysis/StatBars'
import { formatValue } from '../recipe/ThresholdPlot'
import './compare.css'

const SIDES = ['A', 'B'] as const
const TOP_VALUES = 10

function numericSummary(summary: StatSummary | undefined): NumericStatSummary | undefined {
  return summary?.kind === 'numeric' && summary.count > 0 ? summary : undefined
}

/** A numeric stat of both outputs: each job's bins on one x range, with its rows, median and mean. */
function NumericPair({ statKey, jobs }: { statKey: string; jobs: [ComparedJob, ComparedJob] }): React.JSX.Element {
  const summaries = jobs.map((j) => numericSummary(j.outputStats[statKey]))
  const domain = sharedDomain(summaries.map((s) => s?.histogram))
  const countScale = Math.max(0, ...summaries.flatMap((s) => s?.histogram.counts ?? []))
  return (
    <div className="compare-pair">
      {SIDES.map((side, i) => {
        const summary = summaries[i]
        return (
          <figure key={side} className="compare-figure">
            <figcaption className="small">
              <span className={`compare-swatch ${side.toLowerCase()}`} aria-hidden="true" /> {side}:{' '}
              {summary === undefined ? (
                <span className="muted">no {statKey} in this job’s output</span>
              ) : (
                <>
                  {formatCount(summary.count)} rows · median {formatValue(summary.quantiles.p50)} · mean {formatValue(summary.mean)}
                </>
              )}
            </figcaption>
            {summary !== undefined && (
              <StatBars
                histogram={summary.histogram}
                label={`${statKey} of job ${side}’s output`}
                domain={domain}
                countScale={countScale}
                tone={side === 'A' ? 'a' : 'b'}
                statKey={statKey}
              />
            )}
          </figure>
        )
      })}
    </div>
  )
}

/** A categorical stat of both outputs: the most frequent values, with each job's rows. */
function CategoricalPair({ statKey, jobs }: { statKey: string; jobs: [ComparedJob, ComparedJob] }): React.JSX.Element {
  const tops = jobs.map((j) => {
    const s = j.outputStats[statKey]
    return new Map((s?.kind === 'categorical' ? s.top : []).map((t) => [t.value, t.count]))
  })
  const values = [...new Set([...tops[0]!.keys(), ...tops[1]!.keys()])]
    .sort((x, y) => (tops[0]!.get(y) ?? 0) + (tops[1]!.get(y) ?? 0) - ((tops[0]!.get(x) ?? 0) + (tops[1]!.get(x) ?? 0)))
    .slice(0, TOP_VALUES)
  return (
    <table className="mini-table compare-categories" aria-label={`${statKey} values of both outputs`}>
      <thead>
        <tr>
          <th>Value</th>
          <th className="num">A rows</th>
          <th className="num">B rows</th>
        </tr>
      </thead>
      <tbody>
        {values.map((v) => (
          <tr key={v}>
            <td className="mono">{v}</td>
            <td className="num">{formatCount(tops[0]!.get(v) ?? 0)}</td>
            <td className="num">{formatCount(tops[1]!.get(v) ?? 0)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** The stats of both outputs, stat by stat: how the rows each recipe kept are distributed. */
export function ComparedStats({ jobs }: { jobs: [ComparedJob, ComparedJob] }): React.JSX.Element {
  const titleId = useId()
  const keys = [...new Set(jobs.flatMap((j) => Object.keys(j.outputStats)))].sort()
  const without = jobs.flatMap((j, i) => (Object.keys(j.outputStats).length === 0 ? [SIDES[i]!] : []))
  return (
    <section className="panel" aria-labelledby={titleId}>
      <h2 id={titleId} className="panel-title">
        Output stats
      </h2>
      {without.length > 0 && (
        <p className="small muted">
          {without.length === 2 ? 'Neither job' : `Job ${without[0]}`} kept its filters’ stats in its output: a recipe with{' '}
          <span className="mono">keep_stats_in_res_ds: true</span> keeps them, for a comparison to show.
        </p>
      )}
      {keys.map((key) => {
        const kinds = jobs.map((j) => j.outputStats[key]?.kind)
        return (
          <div key={key} className="compare-stat">
            <h3 className="detail-label mono">{key}</h3>
            {kinds.includes('categorical') ? <CategoricalPair statKey={key} jobs={jobs} /> : <NumericPair statKey={key} jobs={jobs} />}
          </div>
        )
      })}
    </section>
  )
}
