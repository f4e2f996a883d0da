import { useState } from 'react'

export interface RunOptionSpec {
  path: string[]
  label: string
  kind: 'text' | 'number' | 'choice'
  help: string
  choices?: string[]
  min?: number
  integer?: boolean
  /** Spans the whole row (paths). */
  wide?: boolean
}

/** Why a typed number cannot be used, or null when it can. */
function numberProblem(text: string, spec: RunOptionSpec): string | null {
  const value = Number(text)
  if (text.trim() === '' || !Number.isFinite(value)) return 'Not a number.'
  if (spec.integer === true && !Number.isInteger(value)) return 'Must be a whole number.'
  if (spec.min !== undefined && value < spec.min) return `Must be at least ${spec.min}.`
  return null
}

/** One run setting: empty means the default (shown as the placeholder); a bad number is said and not written. */
export function RunOption({
  spec,
  value,
  placeholder,
  onChange,
  stored,
  onProblem,
  onBrowse
}: {
  spec: RunOptionSpec
  value: unknown
  placeholder: string
  onChange: (value: unknown) => void
  /** What the field held when it was last shown with a value that is not valid (kept in the store: it blocks the run). */
  stored?: { text: string; message: string }
  /** The field now holds a value that is not valid (its text and why), or no longer does (null). */
  onProblem: (problem: { text: string; message: string } | null) => void
  /** Paths: picks one in the path browser. */
  onBrowse?: () => void
}): React.JSX.Element {
  const shown = value === undefined || value === null ? '' : String(value)
  const [text, setText] = useState(stored?.text ?? shown)
  const [problem, setProblem] = useState<string | null>(stored?.message ?? null)
  // The recipe changed elsewhere (the YAML view, another recipe, undo): show its value, unless it is what is being typed ("0." is 0).
  const [lastShown, setLastShown] = useState(shown)
  if (lastShown !== shown) {
    setLastShown(shown)
    const same = spec.kind === 'number' ? text.trim() !== '' && Number(text) === Number(shown) : text === shown
    if (!same) {
      setText(shown)
      setProblem(null)
    }
  }

  const commit = (next: string): void => {
    setText(next)
    if (next.trim() === '') {
      setProblem(null)
      onProblem(null)
      onChange(undefined)
      return
    }
    if (spec.kind === 'number') {
      const bad = numberProblem(next, spec)
      setProblem(bad)
      onProblem(bad === null ? null : { text: next, message: bad })
      if (bad === null) onChange(Number(next))
    } else onChange(next)
  }

  const id = `run-${spec.path.join('-')}`
  return (
    <div className={spec.wide === true ? 'field wide' : 'field'}>
      <label htmlFor={id}>
        <span>{spec.label}</span>
      </label>
      {spec.kind === 'choice' ? (
        <select id={id} value={text} onChange={(e) => commit(e.target.value)} aria-describedby={`${id}-help`}>
          <option value="">{placeholder === '' ? 'default' : `default (${placeholder})`}</option>
          {spec.choices!.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      ) : (
        <div className="run-option-input">
          <input
            id={id}
            className={spec.kind === 'text' ? 'mono' : undefined}
            inputMode={spec.kind === 'number' ? 'decimal' : undefined}
            placeholder={placeholder}
            value={text}
            aria-invalid={problem !== null}
            aria-describedby={`${id}-help`}
            onChange={(e) => commit(e.target.value)}
          />
          {onBrowse !== undefined && (
            <button type="button" onClick={onBrowse} aria-label={`Browse for the ${spec.label.toLowerCase()}`}>
              Browse…
            </button>
          )}
        </div>
      )}
      {problem !== null && (
        <small className="field-problem" role="alert">
          {problem}
        </small>
      )}
      <small id={`${id}-help`} className="muted">
        {spec.help}
      </small>
    </div>
  )
}
