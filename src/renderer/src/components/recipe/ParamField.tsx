import { useId, useState } from 'react'
import type { ParamSpec } from '../../../../shared/ops'
import { acceptsNone, paramPlaceholder, paramText, parseParamText, textMeans, type ParamValue } from './param-input'

interface ParamFieldProps {
  spec: ParamSpec
  /** The value in the recipe; undefined when the parameter is not set and its default applies. */
  value: ParamValue | undefined
  disabled: boolean
  /** A valid value to write, or undefined to remove the parameter so its default applies. */
  onChange: (value: ParamValue | undefined) => void
  /** The id of a message saying this value conflicts with another parameter's: the value is written, and flagged. */
  conflictId?: string
  /** What the field held when it was last shown with a value that is not valid (kept in the store: it blocks the run). */
  stored?: { text: string; message: string }
  /** The field now holds a value that is not valid (its text and why), or no longer does (null). */
  onProblem: (problem: { text: string; message: string } | null) => void
}

function limits(spec: ParamSpec): string {
  if (spec.min !== undefined && spec.max !== undefined) return `${spec.min} to ${spec.max}`
  if (spec.min !== undefined) return `≥ ${spec.min}`
  if (spec.max !== undefined) return `≤ ${spec.max}`
  return ''
}

const TYPE_NAMES: Record<ParamSpec['type'], string> = {
  int: 'whole number',
  float: 'number',
  bool: 'yes / no',
  string: 'text',
  enum: 'one of',
  string_list: 'list, comma-separated',
  int_list: 'whole numbers, comma-separated'
}

/** One parameter: a control for its type, labelled by its name, with its description and default; a bad value is said and not written. */
export function ParamField({ spec, value, disabled, onChange, conflictId, stored, onProblem }: ParamFieldProps): React.JSX.Element {
  const id = useId()
  const [text, setText] = useState(() => stored?.text ?? paramText(value))
  const [problem, setProblem] = useState<string | null>(stored?.message ?? null)

  // The value changed elsewhere (the YAML, a histogram handle): show it, unless the field already says it.
  const [shownValue, setShownValue] = useState(value)
  if (shownValue !== value) {
    setShownValue(value)
    // The same value again (a list restored by undo is a new array) leaves what the field holds, and its problem, alone.
    if (JSON.stringify(shownValue) !== JSON.stringify(value)) {
      if (!textMeans(spec, text, value)) setText(paramText(value))
      setProblem(null)
    }
  }

  /** `badInput`: a number field holds text that is not a number, which it reports as empty. */
  const edit = (next: string, badInput: boolean): void => {
    setText(next)
    const parsed = badInput ? ({ ok: false, message: 'Not a number.' } as const) : parseParamText(spec, next)
    if (!parsed.ok) {
      setProblem(parsed.message)
      onProblem({ text: next, message: parsed.message })
      return
    }
    setProblem(null)
    onProblem(null)
    onChange(parsed.value)
  }

  const helpId = `${id}-help`
  const problemId = `${id}-problem`
  const describedBy = [problem !== null ? problemId : '', conflictId ?? '', helpId].filter((d) => d !== '').join(' ')
  const range = limits(spec)
  const facts = [TYPE_NAMES[spec.type], range, acceptsNone(spec) ? 'empty for none' : ''].filter((f) => f !== '').join(' · ')

  let control: React.JSX.Element
  if (spec.type === 'bool') {
    const checked = typeof value === 'boolean' ? value : spec.default === true
    control = (
      <input
        id={id}
        type="checkbox"
        checked={checked}
        disabled={disabled}
        aria-describedby={describedBy}
        onChange={(e) => onChange(e.target.checked)}
      />
    )
  } else if (spec.type === 'enum') {
    const current = value === undefined ? spec.default : value
    control = (
      <select
        id={id}
        value={current === null ? '' : String(current)}
        disabled={disabled}
        aria-describedby={describedBy}
        onChange={(e) => onChange(e.target.value === '' ? null : e.target.value)}
      >
        {acceptsNone(spec) && <option value="">none</option>}
        {(spec.choices ?? []).map((choice) => (
          <option key={choice} value={choice}>
            {choice}
            {choice === spec.default ? ' (default)' : ''}
          </option>
        ))}
      </select>
    )
  } else {
    const numeric = spec.type === 'int' || spec.type === 'float'
    control = (
      <input
        id={id}
        type={numeric ? 'number' : 'text'}
        className={numeric ? 'mono' : undefined}
        inputMode={spec.type === 'int' ? 'numeric' : spec.type === 'float' ? 'decimal' : undefined}
        min={numeric ? spec.min : undefined}
        max={numeric ? spec.max : undefined}
        step={spec.type === 'int' ? 1 : spec.type === 'float' ? 'any' : undefined}
        value={text}
        placeholder={paramPlaceholder(spec, value)}
        disabled={disabled}
        aria-invalid={problem !== null || conflictId !== undefined}
        aria-describedby={describedBy}
        spellCheck={false}
        onChange={(e) => edit(e.target.value, e.target.validity.badInput)}
      />
    )
  }

  return (
    <div className={spec.type === 'bool' ? 'param param-bool' : 'param'}>
      <div className="param-head">
        <label htmlFor={id} className="param-name mono">
          {spec.name}
        </label>
        <span className="muted small">{facts}</span>
      </div>
      {control}
      {problem !== null && (
        <div id={problemId} className="param-problem small" role="alert">
          {problem}
        </div>
      )}
      <div id={helpId} className="muted small param-help">
        {spec.description}
        {spec.type === 'bool' && <> Default: {String(spec.default)}.</>}
      </div>
    </div>
  )
}
