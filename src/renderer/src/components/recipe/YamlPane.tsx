import { useRef } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { useStore } from '../../app/store'
import { setRecipeYaml } from '../../features/recipe/recipe-actions'

/** The start of a 1-based line in a text. */
function lineStart(text: string, line: number): number {
  let at = 0
  for (let i = 1; i < line; i++) {
    const next = text.indexOf('\n', at)
    if (next === -1) return text.length
    at = next + 1
  }
  return at
}

/** The recipe as its YAML, edited as text; the chain follows each edit that parses. */
export function YamlPane(): React.JSX.Element {
  const { yaml, yamlProblem, check } = useStore(
    useShallow((s) => ({ yaml: s.recipe.yaml, yamlProblem: s.recipe.yamlProblem, check: s.recipe.check }))
  )
  const text = useRef<HTMLTextAreaElement>(null)
  const gutter = useRef<HTMLDivElement>(null)
  const problem = yamlProblem ?? (check.status === 'error' ? check : null)
  const lines = yaml.split('\n').length

  const goToLine = (line: number): void => {
    const area = text.current
    if (area === null) return
    const start = lineStart(yaml, line)
    const end = yaml.indexOf('\n', start)
    area.focus()
    area.setSelectionRange(start, end === -1 ? yaml.length : end)
  }

  return (
    <div className="yaml-pane">
      <div className="yaml-editor">
        <div className="yaml-gutter mono" ref={gutter} aria-hidden="true">
          {Array.from({ length: lines }, (_, i) => (
            <div key={i} className={problem?.line === i + 1 ? 'bad-line' : undefined}>
              {i + 1}
            </div>
          ))}
        </div>
        <textarea
          ref={text}
          className="yaml yaml-text"
          aria-label="Recipe YAML"
          aria-invalid={problem !== null}
          aria-describedby="recipe-yaml-problem"
          spellCheck={false}
          wrap="off"
          value={yaml}
          onChange={(e) => setRecipeYaml(e.target.value)}
          onScroll={(e) => {
            if (gutter.current !== null) gutter.current.scrollTop = e.currentTarget.scrollTop
          }}
        />
      </div>
      <div id="recipe-yaml-problem" className={problem !== null ? 'yaml-problem error-panel small' : 'yaml-problem muted small'} role="status">
        {problem === null ? (
          "Data-Juicer's recipe format: edits here change the chain, and the chain's edits show here."
        ) : (
          <>
            {problem.line !== undefined && (
              <button type="button" className="link-button" onClick={() => goToLine(problem.line!)}>
                Line {problem.line}
              </button>
            )}
            {problem.line !== undefined ? ': ' : ''}
            {problem.message}
          </>
        )}
      </div>
    </div>
  )
}
