import { Fragment, useId } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { thresholdConflict } from '../../../../shared/ops'
import { useStore } from '../../app/store'
import { setChainParam, setFormProblem } from '../../features/recipe/recipe-actions'
import { formProblemKey } from '../../features/recipe/form-problems'
import { useOpInfo } from '../../features/recipe/ops-actions'
import { ParamField } from './ParamField'

/** The parameters of the selected chain item, one field per parameter the operator declares. */
export function ParamForm(): React.JSX.Element {
  const { item, locked, empty } = useStore(
    useShallow((s) => ({
      item: s.recipe.chain.find((c) => c.id === s.recipe.selected),
      locked: s.recipe.yamlProblem !== null,
      empty: s.recipe.chain.length === 0
    }))
  )
  const loading = useStore((s) => s.ops.status !== 'ready')
  const formProblems = useStore((s) => s.recipe.formProblems)
  const op = useOpInfo(item?.name)
  const conflictId = useId()

  if (item === undefined) {
    return (
      <section className="param-form empty-form" aria-label="Parameters">
        <p className="muted">
          {empty ? 'Parameters appear here once the chain has an operator.' : 'Select an operator in the chain to set its parameters.'}
        </p>
      </section>
    )
  }
  const unknownKeys = op === undefined ? [] : Object.keys(item.params).filter((key) => !op.params.some((p) => p.name === key))
  const conflict = op === undefined ? null : thresholdConflict(op, item.params)

  return (
    <section className="param-form" aria-label="Parameters">
      <h2 className="pane-title">
        Parameters of <span className="mono">{item.name}</span>
      </h2>
      {op === undefined ? (
        <p className="muted">
          {loading ? 'Loading the operators…' : `Sieve has no operator named ${item.name}; the recipe check below says which names are close.`}
        </p>
      ) : (
        <>
          <p className="small op-description">{op.description}</p>
          {op.params.length === 0 && <p className="muted">This operator has no parameters.</p>}
          {/* Each item gets fresh fields: what was typed into one item's field must not carry over to another's. */}
          <div className="param-fields" key={item.id}>
            {op.params.map((spec) => (
              <Fragment key={spec.name}>
                <ParamField
                  spec={spec}
                  value={item.params[spec.name]}
                  disabled={locked}
                  onChange={(value) => setChainParam(item.id, spec.name, value)}
                  stored={formProblems[formProblemKey({ kind: 'param', itemId: item.id, name: spec.name })]}
                  onProblem={(problem) =>
                    setFormProblem(
                      { kind: 'param', itemId: item.id, name: spec.name },
                      problem === null ? null : { ...problem, label: `${spec.name} of ${item.name}`, base: item.params[spec.name] }
                    )
                  }
                  conflictId={conflict !== null && (spec.name === conflict.min || spec.name === conflict.max) ? conflictId : undefined}
                />
                {/* Said once, under the second of the two fields it names. */}
                {conflict !== null && spec.name === conflict.max && (
                  <div id={conflictId} className="param-problem small" role="alert">
                    {conflict.message}
                  </div>
                )}
              </Fragment>
            ))}
          </div>
          {unknownKeys.map((key) => (
            <div key={key} className="notice small row param-unknown">
              <span>
                <span className="mono">{key}</span> is not a parameter of {item.name}.
              </span>
              <button type="button" className="small-button" disabled={locked} onClick={() => setChainParam(item.id, key, undefined)}>
                Remove {key}
              </button>
            </div>
          ))}
        </>
      )}
    </section>
  )
}
