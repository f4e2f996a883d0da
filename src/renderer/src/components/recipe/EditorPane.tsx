import { useState } from 'react'
import { useStore } from '../../app/store'
import { RecipeInput } from './RecipeInput'
import { Chain } from './Chain'
import { ParamForm } from './ParamForm'
import { YamlPane } from './YamlPane'

type Tab = 'chain' | 'yaml'

/** The middle of the builder: what the recipe reads, then the chain and its parameters, or the YAML they are. */
export function EditorPane(): React.JSX.Element {
  const [tab, setTab] = useState<Tab>('chain')
  const yamlProblem = useStore((s) => s.recipe.yamlProblem)

  const tabButton = (id: Tab, label: string): React.JSX.Element => (
    <button
      type="button"
      role="tab"
      id={`recipe-tab-${id}`}
      aria-controls={`recipe-panel-${id}`}
      aria-selected={tab === id}
      tabIndex={tab === id ? 0 : -1}
      className={tab === id ? 'tab active' : 'tab'}
      onClick={() => setTab(id)}
      onKeyDown={(e) => {
        if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
          const other: Tab = id === 'chain' ? 'yaml' : 'chain'
          setTab(other)
          document.getElementById(`recipe-tab-${other}`)?.focus()
        }
      }}
    >
      {label}
    </button>
  )

  return (
    <div className="recipe-editor">
      <RecipeInput />
      <div className="tabs" role="tablist" aria-label="Edit the recipe as">
        {tabButton('chain', 'Chain')}
        {tabButton('yaml', 'YAML')}
      </div>
      {/* Both panels stay mounted so the YAML keeps its undo history and the chain its scroll. */}
      <div className="recipe-tab-body" role="tabpanel" id="recipe-panel-chain" aria-labelledby="recipe-tab-chain" hidden={tab !== 'chain'}>
        {yamlProblem !== null && (
          <div className="error-panel small" role="alert">
            The YAML does not read{yamlProblem.line !== undefined ? ` (line ${yamlProblem.line})` : ''}: {yamlProblem.message.replace(/\.$/, '')}. The
            chain shows its last good state and cannot be edited until the YAML is fixed.{' '}
            <button type="button" className="link-button" onClick={() => setTab('yaml')}>
              Fix it in the YAML
            </button>
          </div>
        )}
        <Chain />
        <ParamForm />
      </div>
      <div className="recipe-tab-body" role="tabpanel" id="recipe-panel-yaml" aria-labelledby="recipe-tab-yaml" hidden={tab !== 'yaml'}>
        <YamlPane />
      </div>
    </div>
  )
}
