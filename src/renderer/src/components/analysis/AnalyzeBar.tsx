import './analysis.css'
import { useStore } from '../../app/store'
import { cancelAnalysis, startAnalysis } from '../../features/analysis/analysis-actions'
import { shownAnalysis, type AnalysisTarget } from '../../features/analysis/analysis-slice'
import { formatCount } from '../../format'
import { JobProgressBar } from '../JobProgressBar'
import { formatStart } from '../jobs/job-format'
import { useAction } from '../jobs/use-action'

/**
 * Analyze (every row of the dataset, in the engine) with its progress and Cancel as a job's, or what
 * the analysis shown is: how many rows, when, and whether it is of an earlier version of the recipe.
 */
export function AnalyzeBar({ target, what }: { target: AnalysisTarget; what: string }): React.JSX.Element {
  const entry = useStore((s) => s.analyses[target])
  const action = useAction()
  const shown = shownAnalysis(entry)
  const running = entry.status === 'running'
  return (
    <div className="analyze-bar" data-testid={`analyze-${target}`}>
      <div className="analyze-row">
        {running ? (
          <>
            <JobProgressBar workDir={entry.workDir} />
            <button type="button" disabled={action.busy} onClick={() => action.run(() => cancelAnalysis(target))}>
              Cancel analysis
            </button>
          </>
        ) : (
          <button
            type="button"
            disabled={action.busy || entry.status === 'finding'}
            title={`Compute ${what} over every row of the dataset, in the engine (partitioned, resumable)`}
            onClick={() => action.run(() => startAnalysis(target))}
          >
            {shown === undefined ? 'Analyze' : 'Analyze again'}
          </button>
        )}
        <span className="small muted analyze-status" role="status">
          {entry.status === 'finding' && 'Looking for an earlier analysis…'}
          {running && 'Analysing every row…'}
          {shown !== undefined && !running && entry.status !== 'finding' && (
            <>
              Whole dataset: {formatCount(shown.analysis.rows)} rows, analysed {formatStart(shown.analysis.createdAt)}
              {shown.outdated && ' (for an earlier version of the recipe: analyze again for this one)'}
            </>
          )}
          {shown === undefined && entry.status === 'none' && `Not analysed yet: ${what} over every row.`}
        </span>
      </div>
      {entry.status === 'error' && (
        <p className="small error-text" role="alert">
          The analysis failed: {entry.message}
        </p>
      )}
      {action.error !== null && (
        <p className="small error-text" role="alert">
          {action.error}
        </p>
      )}
    </div>
  )
}
