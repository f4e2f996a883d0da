import { useEffect, useRef, useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { useStore } from '../../app/store'
import { addOperator, moveChainItem, moveChainItemBy, removeChainItem, selectChainItem } from '../../features/recipe/recipe-actions'
import { ChainItemRow, type FocusPart } from './ChainItemRow'
import { CHAIN_ITEM_DRAG, OPERATOR_DRAG } from './drag-types'

/** The operators of the recipe, in order: reordered by drag and drop or from the keyboard. */
export function Chain(): React.JSX.Element {
  const { chain, selected, locked } = useStore(
    useShallow((s) => ({ chain: s.recipe.chain, selected: s.recipe.selected, locked: s.recipe.yamlProblem !== null }))
  )
  const ops = useStore((s) => s.ops)
  /** Where a dragged operator or item would land: before the item at this index (chain length: at the end). */
  const [dropAt, setDropAt] = useState<number | null>(null)
  const elements = useRef(new Map<string, HTMLLIElement>())
  const focusAfterRender = useRef<{ id: string; part: FocusPart } | null>(null)

  // Moving a focused item in the DOM drops its focus; it is given back once the chain is redrawn.
  useEffect(() => {
    const target = focusAfterRender.current
    if (target === null) return
    focusAfterRender.current = null
    const element = elements.current.get(target.id)
    const part = target.part === 'item' ? null : element?.querySelector<HTMLButtonElement>(`[data-part="${target.part}"]`)
    if (part !== null && part !== undefined && !part.disabled) part.focus()
    else element?.focus()
  }, [chain])

  const register = (id: string, element: HTMLLIElement | null): void => {
    if (element === null) elements.current.delete(id)
    else elements.current.set(id, element)
  }

  const accepts = (e: React.DragEvent): boolean =>
    !locked && (e.dataTransfer.types.includes(CHAIN_ITEM_DRAG) || e.dataTransfer.types.includes(OPERATOR_DRAG))

  const onDrop = (e: React.DragEvent): void => {
    if (!accepts(e)) return
    e.preventDefault()
    // The window's drop zone takes every drop that reaches it as files to open.
    e.stopPropagation()
    const at = dropAt ?? chain.length
    setDropAt(null)
    const itemId = e.dataTransfer.getData(CHAIN_ITEM_DRAG)
    const opName = e.dataTransfer.getData(OPERATOR_DRAG)
    if (itemId !== '') moveChainItem(itemId, at)
    else if (opName !== '') addOperator(opName, at)
  }

  const onKeyDown = (e: React.KeyboardEvent<HTMLLIElement>, index: number): void => {
    const item = chain[index]!
    if (e.altKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
      e.preventDefault()
      const delta = e.key === 'ArrowUp' ? -1 : 1
      // At either end nothing moves and the chain does not redraw: a focus request left pending would steal the focus at the next edit.
      if (locked || chain[index + delta] === undefined) return
      focusAfterRender.current = { id: item.id, part: 'item' }
      moveChainItemBy(item.id, delta)
      return
    }
    if (e.target !== e.currentTarget) return
    if (e.key === 'Delete' && !locked) {
      e.preventDefault()
      const neighbour = chain[index + 1] ?? chain[index - 1]
      if (neighbour !== undefined) focusAfterRender.current = { id: neighbour.id, part: 'item' }
      removeChainItem(item.id)
    } else if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
      e.preventDefault()
      const next = chain[index + (e.key === 'ArrowUp' ? -1 : 1)]
      if (next !== undefined) elements.current.get(next.id)?.focus()
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault()
      selectChainItem(item.id)
    }
  }

  return (
    <section className="chain-pane" aria-labelledby="chain-title">
      <h2 className="pane-title" id="chain-title">
        Chain <span className="muted small">{chain.length === 0 ? '' : `${chain.filter((c) => c.enabled).length} of ${chain.length} on`}</span>
      </h2>
      <div
        className={dropAt === chain.length ? 'chain-drop drop-at-end' : 'chain-drop'}
        onDragOver={(e) => {
          if (!accepts(e)) return
          e.preventDefault()
          e.dataTransfer.dropEffect = e.dataTransfer.types.includes(CHAIN_ITEM_DRAG) ? 'move' : 'copy'
          if (e.target === e.currentTarget || chain.length === 0) setDropAt(chain.length)
        }}
        onDragLeave={(e) => {
          if (!(e.relatedTarget instanceof Node && e.currentTarget.contains(e.relatedTarget))) setDropAt(null)
        }}
        onDrop={onDrop}
      >
        {chain.length === 0 && (
          <div className="chain-empty">
            <p>
              <strong>No operators yet.</strong>
            </p>
            <p className="muted">
              Add operators from the palette on the left with their + button, or drag them here. They run top to bottom: clean the text with mappers,
              then drop rows with filters, then remove duplicates.
            </p>
          </div>
        )}
        <ol className="chain" aria-label="Chain">
          {chain.map((item, index) => (
            <ChainItemRow
              key={item.id}
              item={item}
              index={index}
              count={chain.length}
              kind={ops.status === 'ready' ? (ops.byName.get(item.name)?.kind ?? null) : undefined}
              selected={item.id === selected}
              locked={locked}
              dropBefore={dropAt === index}
              register={register}
              onMoved={(id, part) => (focusAfterRender.current = { id, part })}
              onKeyDown={(e) => onKeyDown(e, index)}
              onDragOver={(e) => {
                if (!accepts(e)) return
                e.preventDefault()
                e.stopPropagation()
                e.dataTransfer.dropEffect = e.dataTransfer.types.includes(CHAIN_ITEM_DRAG) ? 'move' : 'copy'
                const box = e.currentTarget.getBoundingClientRect()
                setDropAt(e.clientY < box.top + box.height / 2 ? index : index + 1)
              }}
              onDragEnd={() => setDropAt(null)}
            />
          ))}
        </ol>
      </div>
    </section>
  )
}
