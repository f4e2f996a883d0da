import type { PreviewStep } from '../../../../shared/preview'
import { formatCount } from '../../format'
import { showInvisibles, textDiff, trimSame, type Segment } from './text-change'

/** Characters of context kept around each change a mapper made. */
const CONTEXT = 120

/** One side of a change: the shared text with the removed (or added) runs marked. */
function ChangedText({ segments, side }: { segments: Segment[]; side: 'removed' | 'added' }): React.JSX.Element {
  return (
    <pre className="example-text">
      {segments.map((segment, i) => {
        if (segment.kind === 'same') return <span key={i}>{segment.text}</span>
        if (segment.kind !== side) return null
        const text = showInvisibles(segment.text)
        return side === 'removed' ? <del key={i}>{text}</del> : <ins key={i}>{text}</ins>
      })}
    </pre>
  )
}

function ChangedRow({ before, after }: { before: string; after: string }): React.JSX.Element {
  const segments = trimSame(textDiff(before, after), CONTEXT)
  return (
    <li className="example">
      <div className="example-label small muted">Before</div>
      <ChangedText segments={segments} side="removed" />
      <div className="example-label small muted">After</div>
      <ChangedText segments={segments} side="added" />
    </li>
  )
}

/** Examples of what an operator did: rows it dropped and why, rows it changed, duplicates it found. */
export function StepExamples({ step }: { step: PreviewStep }): React.JSX.Element | null {
  const removed = step.rowsIn - step.rowsOut
  const drops = step.kind === 'filter' || step.kind === 'deduplicator'
  return (
    <>
      {drops &&
        (step.dropped.length > 0 ? (
          <details className="examples">
            <summary>
              Dropped rows{' '}
              <span className="muted small">
                ({formatCount(removed)} in the sample{step.dropped.length < removed ? `, ${step.dropped.length} shown` : ''})
              </span>
            </summary>
            <ul>
              {step.dropped.map((row, i) => (
                <li key={i} className="example">
                  <div className="example-reason small">{row.reason}</div>
                  <pre className="example-text">{row.text}</pre>
                </li>
              ))}
            </ul>
          </details>
        ) : (
          <p className="muted small">Drops none of these rows.</p>
        ))}
      {step.kind === 'mapper' &&
        (step.changed.length > 0 ? (
          <details className="examples">
            <summary>
              Changed rows{' '}
              <span className="muted small">({step.changed.length === 1 ? 'one example' : `the first ${step.changed.length} it changed`})</span>
            </summary>
            <ul>
              {step.changed.map((row, i) => (
                <ChangedRow key={i} before={row.before} after={row.after} />
              ))}
            </ul>
          </details>
        ) : (
          <p className="muted small">Changes none of these rows.</p>
        ))}
      {step.kind === 'deduplicator' && step.clusters.length > 0 && (
        <details className="examples">
          <summary>
            Duplicate clusters <span className="muted small">({step.clusters.length} shown; the first of each is kept)</span>
          </summary>
          <ol>
            {step.clusters.map((cluster, i) => (
              <li key={i} className="cluster">
                <ul>
                  {cluster.map((text, j) => (
                    <li key={j} className="example">
                      <span className={j === 0 ? 'cluster-tag kept' : 'cluster-tag'}>{j === 0 ? 'kept' : 'dropped'}</span>
                      <pre className="example-text">{text}</pre>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ol>
        </details>
      )}
    </>
  )
}
