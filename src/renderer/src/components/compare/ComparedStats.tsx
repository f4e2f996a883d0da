import { useId } from 'react'
import type { ComparedJob } from '../../../../shared/analysis'
import { StatPair, type PairSide } from '../analysis/StatPair'
import './compare.css'

const SIDES = ['A', 'B'] as const

/** The stats of both outputs, stat by stat: how the rows each recipe kept are distributed. */
export function ComparedStats({ jobs }: { jobs: [ComparedJob, ComparedJob] }): React.JSX.Element {
  const titleId = useId()
  const keys = [...new Set(jobs.flatMap((j) => Object.keys(j.outputStats)))].sort()
  const without = SIDES.filter((_, i) => Object.keys(jobs[i].outputStats).length === 0)
  const sidesOf = (key: string): [PairSide, PairSide] => {
    const side = (i: 0 | 1): PairSide => ({
      name: SIDES[i],
      label: `${key} of job ${SIDES[i]}’s output`,
      tone: i === 0 ? 'a' : 'b',
      summary: jobs[i].outputStats[key],
      missing: `no ${key} in this job’s output`
    })
    return [side(0), side(1)]
  }
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
      {keys.map((key) => (
        <div key={key} className="compare-stat">
          <h3 className="detail-label mono">{key}</h3>
          <StatPair statKey={key} sides={sidesOf(key)} />
        </div>
      ))}
    </section>
  )
}
