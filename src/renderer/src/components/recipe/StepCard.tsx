import { useId } from 'react'
import { formatCount } from '../../format'
import { useOpInfo } from '../../features/recipe/ops-actions'
import { useStore } from '../../app/store'
import { shownAnalysis, wholeStat } from '../../features/analysis/analysis-slice'
import { formatMillis, type PairedStep } from './preview-steps'
import { formatShare } from './threshold'
import { ThresholdHistogram } from './ThresholdHistogram'
import { StepExamples } from './StepExamples'
import { WrappingName } from '../WrappingName'

interface StepCardProps {
  paired: PairedStep
  stepIndex: number
  sampleRows: number
  /** The thresholds cannot be moved: the YAML does not read, so the chain cannot change. */
  locked: boolean
}

/** What one operator did to the sample: rows in and out, its stat and thresholds, and examples. */
export function StepCard({ paired, stepIndex, sampleRows, locked }: StepCardProps): React.JSX.Element {
  const { step } = paired
  const op = useOpInfo(step.name)
  const headingId = useId()
  const removed = step.rowsIn - step.rowsOut
  const analysis = shownAnalysis(useStore((s) => s.analyses.recipe))?.analysis
  const whole = step.stat === undefined ? undefined : wholeStat(analysis, step.name, step.stat.key)

  return (
    <section className={`step-card kind-${step.kind}`} aria-labelledby={headingId}>
      <h3 id={headingId} className="step-title">
        <span className="step-index">{stepIndex + 1}</span>
        <span className="mono step-name">
          <WrappingName text={step.name} />
        </span>
        <span className="kind-tag small">{step.kind}</span>
      </h3>
      <p className="small step-counts">
        {formatCount(step.rowsIn)} → {formatCount(step.rowsOut)} rows
        {removed > 0 && (
          <span className="muted">
            {' '}
            (−{formatCount(removed)}, {formatShare(step.rowsIn > 0 ? removed / step.rowsIn : 0)} of its input)
          </span>
        )}
        <span className="muted"> · {formatMillis(step.millis)} ms</span>
        {sampleRows > 0 && step.rowsIn === 0 && <span className="muted"> · no row reaches it</span>}
      </p>
      {step.stat !== undefined && step.stat.values.length > 0 && (
        <ThresholdHistogram
          opName={step.name}
          stat={step.stat}
          whole={whole}
          op={op}
          item={paired.item}
          chainIndex={paired.chainIndex}
          stepIndex={stepIndex}
          locked={locked}
        />
      )}
      <StepExamples step={step} />
    </section>
  )
}
