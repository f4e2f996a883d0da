import type { PreviewResult } from '../../../../shared/preview'
import { formatCount } from '../../format'
import { formatShare } from './threshold'
import { formatMillis } from './preview-steps'
import { WrappingName } from '../WrappingName'

function rows(n: number): string {
  return `${formatCount(n)} row${n === 1 ? '' : 's'}`
}

/** Rows in and out of each operator, a bar for what is left of the sample after it. */
export function Funnel({ result }: { result: PreviewResult }): React.JSX.Element {
  const last = result.steps[result.steps.length - 1]
  const left = last?.rowsOut ?? result.rows
  return (
    <div className="funnel-pane">
      <div className="funnel-sample small">
        <span>Sample</span>
        <strong>{rows(result.rows)}</strong>
      </div>
      <ol className="funnel" aria-label="Funnel">
        {result.steps.map((step, i) => {
          const share = result.rows > 0 ? step.rowsOut / result.rows : 0
          return (
            <li key={i} className={`funnel-step kind-${step.kind}`}>
              <span className="funnel-name mono" title={step.name}>
                {i + 1}. <WrappingName text={step.name} />
              </span>
              <span className="funnel-rows">
                {formatCount(step.rowsIn)} → {formatCount(step.rowsOut)}
              </span>
              <span className="funnel-ms muted">{formatMillis(step.millis)} ms</span>
              <span className="funnel-bar" aria-hidden="true">
                <span className="funnel-fill" style={{ width: `${share * 100}%` }} />
              </span>
            </li>
          )
        })}
      </ol>
      {result.steps.length > 0 && (
        <div className="funnel-sample small">
          <span>Left</span>
          <strong>
            {rows(left)} ({formatShare(result.rows > 0 ? left / result.rows : 0)})
          </strong>
        </div>
      )}
    </div>
  )
}
