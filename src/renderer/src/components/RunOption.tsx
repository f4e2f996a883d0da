import { useEffect, useState } from 'react'

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
  onChange
}: {
  spec: RunOptionSpec
  value: unknown
  placeholder: string
  onChange: (value: unknown) => void
}): React.JSX.Element {
  const shown = value === undefined || value === null ? '' : String(value)
  const [text, setText] = useState(shown)
  const [problem, setProblem] = useState<string | null>(null)
  // The recipe changed elsewhere (the YAML view, another recipe): show its value, unless it is what is being typed ("0." is 0).
  useEffect(() => {
    const same = spec.kind === 'number' ? text.trim() !== '' && Number(text) === Number(shown) : text === shown
    if (!same) {
      setText(shown)
      setProblem(null)
    }
    // Only a change of the shown value resets the text; a change of the text itself must not.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shown])

  const commit = (next: string): void => {
    setText(next)
    if (next.trim() === '') {
      setProblem(null)
      onChange(undefined)
      return
    }
    if (spec.kind === 'number') {
      const bad = numberProblem(next, spec)
      setProblem(bad)
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
