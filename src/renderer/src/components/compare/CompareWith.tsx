import { useEffect, useId, useState } from 'react'
import type { JobDetails } from '../../../../shared/jobs'
import { useStore } from '../../app/store'
import { openComparison } from '../../features/compare/compare-actions'
import { canCompare } from '../../features/compare/compare-slice'
import { loadJobs } from '../../features/jobs/job-actions'
import { formatStart, jobName } from '../jobs/job-format'
import './compare.css'

/** A finished job's report offers to compare it (as job A) with another finished job. */
export function CompareWith({ details }: { details: JobDetails }): React.JSX.Element | null {
  const jobs = useStore((s) => s.jobs)
  const selectId = useId()
  const others = jobs.status === 'ready' ? jobs.list.filter((j) => j.workDir !== details.workDir && canCompare(j)) : []
  const [chosen, setChosen] = useState('')
  const other = others.find((j) => j.workDir === chosen) ?? others[0]
  const listed = jobs.status === 'ready'
  useEffect(() => {
    if (!listed) void loadJobs()
  }, [listed])
  if (!canCompare(details)) return null
  return (
    <div className="row compare-with">
      <label htmlFor={selectId} className="small">
        Compare with
      </label>
      {others.length === 0 ? (
        <span className="small muted">{listed ? 'no other finished job yet' : 'reading the jobs…'}</span>
      ) : (
        <>
          <select id={selectId} value={other?.workDir ?? ''} onChange={(e) => setChosen(e.target.value)}>
            {others.map((j) => (
              <option key={j.workDir} value={j.workDir}>
                {jobName(j)} · {formatStart(j.startedAt)}
              </option>
            ))}
          </select>
          <button
            type="button"
            disabled={other === undefined}
            onClick={() => other !== undefined && void openComparison(details.workDir, other.workDir)}
          >
            Compare
          </button>
        </>
      )}
    </div>
  )
}
