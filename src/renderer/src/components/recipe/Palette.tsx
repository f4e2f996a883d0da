import { useDeferredValue, useMemo, useState } from 'react'
import type { OpInfo, OpKind } from '../../../../shared/ops'
import { useStore } from '../../app/store'
import { addOperator } from '../../features/recipe/recipe-actions'
import { loadOps, reloadOps } from '../../features/recipe/ops-actions'
import { OPERATOR_DRAG } from './drag-types'
import { WrappingName } from '../WrappingName'

const GROUPS: { kind: OpKind; title: string }[] = [
  { kind: 'mapper', title: 'Mappers' },
  { kind: 'filter', title: 'Filters' },
  { kind: 'deduplicator', title: 'Deduplicators' },
  { kind: 'selector', title: 'Selectors' }
]

/** Every word of the search appears in the operator's name or description. */
function matches(op: OpInfo, words: string[]): boolean {
  const haystack = `${op.name} ${op.name.replace(/_/g, ' ')} ${op.description}`.toLowerCase()
  return words.every((w) => haystack.includes(w))
}

/** The operators Sieve has, by kind, searchable; each is added to the chain with its button or by dragging it there. */
export function Palette(): React.JSX.Element {
  const ops = useStore((s) => s.ops)
  const locked = useStore((s) => s.recipe.yamlProblem !== null)
  const [search, setSearch] = useState('')
  const query = useDeferredValue(search)

  const groups = useMemo(() => {
    if (ops.status !== 'ready') return []
    const words = query
      .toLowerCase()
      .split(/\s+/)
      .filter((w) => w !== '')
    const found = ops.list.filter((op) => matches(op, words))
    return GROUPS.map((g) => ({ ...g, ops: found.filter((op) => op.kind === g.kind) })).filter((g) => g.ops.length > 0)
  }, [ops, query])

  return (
    <aside className="recipe-palette" aria-label="Operators">
      <h2 className="pane-title">Operators</h2>
      <input type="search" aria-label="Search operators" placeholder="Search operators…" value={search} onChange={(e) => setSearch(e.target.value)} />
      <p className="muted small palette-hint">Add one with its + button, or drag it onto the chain.</p>
      <div className="palette-groups">
        {ops.status === 'loading' && <p className="muted">Loading operators…</p>}
        {ops.status === 'error' && (
          <div className="error-panel small" role="alert">
            <p>Cannot list the operators: {ops.message}</p>
            <button type="button" onClick={() => void loadOps()}>
              Try again
            </button>
          </div>
        )}
        {ops.status === 'ready' && ops.customOpsError !== undefined && (
          <div className="error-panel small" role="alert" aria-label="Custom operators">
            <div className="error-title">Custom operators not loaded</div>
            {ops.customOpsError.split('\n').map((problem) => (
              <p key={problem}>{problem}</p>
            ))}
            <button type="button" onClick={() => void reloadOps()}>
              Try again
            </button>
          </div>
        )}
        {ops.status === 'ready' && groups.length === 0 && (
          <p className="muted">No operator matches “{query}”. Try a shorter word, such as “length” or “duplicate”.</p>
        )}
        {groups.map((group) => (
          <section key={group.kind} className="palette-group" aria-label={group.title}>
            <h3>
              {group.title} <span className="muted">{group.ops.length}</span>
            </h3>
            <ul>
              {group.ops.map((op) => (
                <li
                  key={op.name}
                  className="palette-op"
                  draggable={!locked}
                  onDragStart={(e) => {
                    e.dataTransfer.setData(OPERATOR_DRAG, op.name)
                    e.dataTransfer.effectAllowed = 'copy'
                  }}
                >
                  <div className="palette-op-text">
                    <span className="palette-op-name mono">
                      <WrappingName text={op.name} />
                    </span>
                    <span className="palette-op-description muted small" title={op.description}>
                      {op.description}
                    </span>
                  </div>
                  <button
                    type="button"
                    className="icon-button"
                    aria-label={`Add ${op.name}`}
                    title={locked ? 'Fix the YAML first: the chain follows it' : `Add ${op.name} to the chain`}
                    disabled={locked}
                    onClick={() => addOperator(op.name)}
                  >
                    +
                  </button>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
    </aside>
  )
}
