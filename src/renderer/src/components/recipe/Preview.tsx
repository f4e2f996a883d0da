import { useShallow } from 'zustand/react/shallow'
import { useStore } from '../../app/store'
import { baseName } from '../../paths'
import { formatCount } from '../../format'
import { Funnel } from './Funnel'
import { StepCard } from './StepCard'
import { pairStepsWithChain } from './preview-steps'
import { AnalyzeBar } from '../analysis/AnalyzeBar'
import type { PreviewResult } from '../../../../shared/preview'

/** A chain that keeps none of the sample says so loudly, naming the operator that drops the last rows. */
function NothingKept({ result }: { result: PreviewResult }): React.JSX.Element | null {
  const last = result.steps[result.steps.length - 1]
  if (result.rows === 0 || last === undefined || last.rowsOut > 0) return null
  const culprit = result.steps.find((s) => s.rowsIn > 0 && s.rowsOut === 0)
  return (
    <div className="error-panel nothing-kept" role="alert" data-testid="nothing-kept">
      <div className="error-title">This chain keeps none of the {formatCount(result.rows)} sample rows</div>
      {culprit !== undefined && (
        <>
          <span className="mono">{culprit.name}</span> drops the last {formatCount(culprit.rowsIn)} of them. Check its thresholds below, or that the
          text field is the right one.
        </>
      )}
    </div>
  )
}

/** The enabled chain run on the dataset's first rows: the funnel, then what each operator did. */
export function Preview(): React.JSX.Element {
  const { preview, chain, locked } = useStore(
    useShallow((s) => ({ preview: s.preview, chain: s.recipe.chain, locked: s.recipe.yamlProblem !== null }))
  )
  const result = 'result' in preview ? preview.result : undefined
  const running = preview.status === 'running'
  const stale = running || preview.status === 'error'
  const disabled = chain.filter((c) => !c.enabled).length

  return (
    <section className="recipe-preview" aria-label="Preview" aria-busy={running}>
      <div className="preview-head">
        <h2 className="pane-title">Preview</h2>
        {running && (
          <span className="preview-updating small" role="status">
            Updating…
          </span>
        )}
      </div>
      <AnalyzeBar target="recipe" what="each filter's stat" />
      {preview.status === 'ready' && (
        <p className="small muted preview-source">
          The chain on the first {formatCount(preview.result.rows)} rows of{' '}
          <span className="mono" title={preview.datasetPath}>
            {baseName(preview.datasetPath)}
          </span>
          , field <span className="mono">{preview.textKey}</span>.
        </p>
      )}
      {preview.status === 'idle' && <div className="preview-empty">{preview.reason}</div>}
      {preview.status === 'error' && (
        <div className="error-panel small" role="alert">
          <div className="error-title">The preview failed</div>
          {preview.message}
          {result !== undefined && <div className="muted">Below: the last preview that ran.</div>}
        </div>
      )}
      {running && result === undefined && <div className="preview-empty">Running the chain on the first rows…</div>}
      {result !== undefined && (
        <div className={stale ? 'preview-body stale' : 'preview-body'}>
          <NothingKept result={result} />
          <Funnel result={result} />
          {result.steps.length === 0 ? (
            <div className="preview-empty">
              {chain.length === 0
                ? `Add operators to the chain to see what each does to these ${formatCount(result.rows)} rows.`
                : 'Every operator is off: turn one on to preview it.'}
            </div>
          ) : (
            pairStepsWithChain(result.steps, chain).map((paired, i) => (
              <StepCard key={paired.item?.id ?? `step-${i}`} paired={paired} stepIndex={i} sampleRows={result.rows} locked={locked} />
            ))
          )}
          {disabled > 0 && result.steps.length > 0 && (
            <p className="muted small">
              {disabled} operator{disabled === 1 ? ' is' : 's are'} off and not previewed.
            </p>
          )}
        </div>
      )}
    </section>
  )
}
