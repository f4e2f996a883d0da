import { showView } from '../../app/app-actions'
import { browse } from '../../features/browser/browser-actions'
import './jobs.css'

/** What a job is, and the three steps to start one, for someone who has none yet. */
export function JobsEmpty(): React.JSX.Element {
  return (
    <div className="jobs-empty">
      <p className="jobs-empty-title">No jobs yet</p>
      <p className="muted">
        A job runs a recipe over a whole dataset. Sieve splits the dataset into partitions, runs the recipe’s operators on them in parallel,
        checkpoints as it goes and publishes the cleaned result. Every job you run is listed here; one that was interrupted resumes where it stopped.
      </p>
      <ol className="jobs-steps">
        <li>
          <button type="button" onClick={() => showView('dataset')}>
            Open a dataset
          </button>
          <span className="muted">JSONL, CSV, Parquet… or the bundled sample.</span>
        </li>
        <li>
          <button type="button" onClick={() => showView('recipe')}>
            Build a recipe
          </button>
          <span className="muted">Chain operators that clean, filter and deduplicate, with a live preview.</span>
        </li>
        <li>
          <button type="button" onClick={() => showView('run')}>
            Run it
          </button>
          <span className="muted">Choose the output and the workers, then Start: the job appears here.</span>
        </li>
      </ol>
      <p className="muted small">
        Ran a job from the command line (<span className="mono">sieve run</span>)?{' '}
        <button type="button" className="link-button" onClick={() => void browse(undefined, 'open')}>
          Open its work directory…
        </button>
      </p>
    </div>
  )
}
