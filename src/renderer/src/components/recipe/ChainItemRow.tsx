import type { OpKind } from '../../../../shared/ops'
import type { ChainItem } from '../../features/recipe/recipe-draft'
import { duplicateChainItem, moveChainItemBy, removeChainItem, selectChainItem, setChainItemEnabled } from '../../features/recipe/recipe-actions'
import { paramText } from './param-input'
import { CHAIN_ITEM_DRAG } from './drag-types'
import { WrappingName } from '../WrappingName'

/** Which control of an item should have the focus once the chain has been redrawn after a move. */
export type FocusPart = 'item' | 'up' | 'down'

interface ChainItemRowProps {
  item: ChainItem
  index: number
  count: number
  /** Undefined while the operators load, null for a name Sieve does not have. */
  kind: OpKind | null | undefined
  selected: boolean
  locked: boolean
  dropBefore: boolean
  register: (id: string, element: HTMLLIElement | null) => void
  onMoved: (id: string, part: FocusPart) => void
  onKeyDown: (event: React.KeyboardEvent<HTMLLIElement>) => void
  onDragOver: (event: React.DragEvent<HTMLLIElement>) => void
  onDragEnd: () => void
}

function paramSummary(item: ChainItem): string {
  return Object.entries(item.params)
    .map(([name, value]) => `${name} ${value === null ? 'none' : paramText(value)}`)
    .join(' · ')
}

const stop = (e: React.SyntheticEvent): void => e.stopPropagation()

/** A button of a chain row; its click stays with it rather than also selecting the row. */
function ChainButton(props: {
  label: string
  title: string
  disabled: boolean
  onPress: () => void
  part?: string
  danger?: boolean
  children: React.ReactNode
}): React.JSX.Element {
  return (
    <button
      type="button"
      className={props.danger === true ? 'icon-button danger' : 'icon-button'}
      data-part={props.part}
      aria-label={props.label}
      title={props.title}
      disabled={props.disabled}
      onClick={(e) => {
        stop(e)
        props.onPress()
      }}
    >
      {props.children}
    </button>
  )
}

/** One operator of the chain: its place, name and kind, on/off, and the buttons that move, copy or remove it. */
export function ChainItemRow(props: ChainItemRowProps): React.JSX.Element {
  const { item, index, count, kind, selected, locked } = props
  const name = item.name
  const summary = paramSummary(item)
  const classes = ['chain-item', selected ? 'selected' : '', item.enabled ? '' : 'disabled', props.dropBefore ? 'drop-before' : ''].filter(
    (c) => c !== ''
  )

  return (
    <li
      ref={(element) => props.register(item.id, element)}
      className={classes.join(' ')}
      tabIndex={0}
      aria-label={`${index + 1}. ${name}${item.enabled ? '' : ' (disabled)'}`}
      aria-current={selected ? 'true' : undefined}
      aria-keyshortcuts="Alt+ArrowUp Alt+ArrowDown Delete"
      draggable={!locked}
      onClick={() => selectChainItem(item.id)}
      onKeyDown={props.onKeyDown}
      onDragStart={(e) => {
        e.dataTransfer.setData(CHAIN_ITEM_DRAG, item.id)
        e.dataTransfer.effectAllowed = 'move'
      }}
      onDragOver={props.onDragOver}
      onDragEnd={props.onDragEnd}
    >
      <span className="chain-grip" aria-hidden="true">
        ⠿
      </span>
      <span className="chain-position" aria-hidden="true">
        {index + 1}
      </span>
      <input
        type="checkbox"
        aria-label={`Enable ${name}`}
        title={item.enabled ? 'On: click to leave it out of the recipe for now' : 'Off: left out of the YAML and the preview'}
        checked={item.enabled}
        disabled={locked}
        onClick={stop}
        onChange={(e) => setChainItemEnabled(item.id, e.target.checked)}
      />
      <div className="chain-text">
        <span className="chain-name mono" title={name}>
          <WrappingName text={name} />
        </span>
        <span className="chain-meta small">
          {kind === null ? <span className="chain-unknown">not an operator Sieve has</span> : <span className="muted">{kind ?? ''}</span>}
          {!item.enabled && <span className="muted"> · off</span>}
          {summary !== '' && (
            <span className="muted" title={summary}>
              {' '}
              · {summary}
            </span>
          )}
        </span>
      </div>
      <div className="chain-buttons">
        <ChainButton
          part="up"
          label={`Move ${name} up`}
          title="Move up (Alt+↑)"
          disabled={locked || index === 0}
          onPress={() => {
            props.onMoved(item.id, 'up')
            moveChainItemBy(item.id, -1)
          }}
        >
          ↑
        </ChainButton>
        <ChainButton
          part="down"
          label={`Move ${name} down`}
          title="Move down (Alt+↓)"
          disabled={locked || index === count - 1}
          onPress={() => {
            props.onMoved(item.id, 'down')
            moveChainItemBy(item.id, 1)
          }}
        >
          ↓
        </ChainButton>
        <ChainButton label={`Duplicate ${name}`} title="Duplicate" disabled={locked} onPress={() => duplicateChainItem(item.id)}>
          <svg className="icon" viewBox="0 0 16 16" aria-hidden="true">
            <rect x="5.5" y="5.5" width="8" height="8" rx="1.5" />
            <path d="M10.5 3.5v-1a1 1 0 0 0-1-1h-6a1 1 0 0 0-1 1v6a1 1 0 0 0 1 1h1" />
          </svg>
        </ChainButton>
        <ChainButton danger label={`Remove ${name}`} title="Remove (Delete)" disabled={locked} onPress={() => removeChainItem(item.id)}>
          ✕
        </ChainButton>
      </div>
    </li>
  )
}
