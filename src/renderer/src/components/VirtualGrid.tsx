import { useCallback, useEffect, useRef, useState } from 'react'
import { tableFromIPC } from 'apache-arrow'
import { rowObjects } from '../../../shared/arrow-values'
import { api } from '../api/client'
import { cellText } from '../format'
import { CellDialog } from './CellDialog'
import { contentWidths, oneLine } from './grid-widths'

const ROW_HEIGHT = 28
const PAGE_ROWS = 200
const PAGES_KEPT = 40
/** Browsers cannot scroll elements much taller than this; beyond it, the scroll bar maps proportionally onto the rows. */
const MAX_SCROLL_HEIGHT = 8_000_000
const ROW_NUMBER_WIDTH = 90
/** Until the first rows arrive and the columns can be sized by them. */
const UNSIZED_WIDTH = 160

/** A text's width in pixels in `element`'s font, measured on a canvas of the grid's own. */
function textMeasure(element: HTMLElement): (text: string) => number {
  const context = document.createElement('canvas').getContext('2d')
  if (context === null) return (text) => text.length * 8
  context.font = getComputedStyle(element).font
  return (text) => context.measureText(text).width
}

interface Props {
  path: string
  numRows: number
  columns: string[]
}

/**
 * Rows of a Parquet file, fetched a page at a time for what is on screen only (the backend reads
 * only the row groups that hold them). Columns are as wide as the first rows need, and resize by
 * dragging their header edge; a line break shows as ⏎, and a cell opens in full, with its line
 * breaks, when clicked.
 */
export function VirtualGrid({ path, numRows, columns }: Props): React.JSX.Element {
  const scroller = useRef<HTMLDivElement>(null)
  const [view, setView] = useState({ top: 0, height: 600 })
  const pages = useRef(new Map<number, string[][]>())
  const inflight = useRef(new Set<number>())
  const [, setLoaded] = useState(0)
  const [error, setError] = useState<string | null>(null)
  const [widths, setWidths] = useState<number[]>(() => columns.map(() => UNSIZED_WIDTH))
  /** Whether the columns have been sized by content (once, from the first rows to arrive; a drag then wins). */
  const sized = useRef(false)
  const [expanded, setExpanded] = useState<{ column: string; row: number; text: string } | null>(null)

  useEffect(() => {
    pages.current.clear()
    inflight.current.clear()
    sized.current = false
    setWidths(columns.map(() => UNSIZED_WIDTH))
    setLoaded((n) => n + 1)
  }, [path, columns])

  useEffect(() => {
    const el = scroller.current
    if (el === null) return
    let frame = 0
    const measure = (): void => {
      cancelAnimationFrame(frame)
      frame = requestAnimationFrame(() => setView({ top: el.scrollTop, height: el.clientHeight }))
    }
    measure()
    el.addEventListener('scroll', measure, { passive: true })
    const resize = new ResizeObserver(measure)
    resize.observe(el)
    return () => {
      cancelAnimationFrame(frame)
      el.removeEventListener('scroll', measure)
      resize.disconnect()
    }
  }, [])

  const bodyHeight = Math.max(0, view.height - ROW_HEIGHT)
  const visible = Math.ceil(bodyHeight / ROW_HEIGHT) + 1
  const fullHeight = numRows * ROW_HEIGHT
  const scaled = fullHeight > MAX_SCROLL_HEIGHT
  const spacerHeight = scaled ? MAX_SCROLL_HEIGHT : fullHeight
  const firstRow = scaled
    ? Math.floor((view.top / Math.max(1, spacerHeight - bodyHeight)) * Math.max(0, numRows - visible + 1))
    : Math.floor(view.top / ROW_HEIGHT)
  const lastRow = Math.min(numRows, firstRow + visible)

  const fetchPage = useCallback(
    (page: number) => {
      if (pages.current.has(page) || inflight.current.has(page)) return
      inflight.current.add(page)
      api
        .readChunkPage({ path, offset: page * PAGE_ROWS, limit: PAGE_ROWS })
        .then((result) => {
          const table = tableFromIPC(result.rows)
          const names = table.schema.fields.map((f) => f.name)
          const rows = table.batches.flatMap((batch) => rowObjects(batch).map((row) => names.map((n) => cellText(row[n]))))
          pages.current.set(page, rows)
          if (!sized.current && scroller.current !== null) {
            sized.current = true
            setWidths(contentWidths(names, rows, textMeasure(scroller.current)))
          }
          while (pages.current.size > PAGES_KEPT) pages.current.delete(pages.current.keys().next().value as number)
          setLoaded((n) => n + 1)
        })
        .catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)))
        .finally(() => inflight.current.delete(page))
    },
    [path]
  )

  useEffect(() => {
    for (let p = Math.floor(firstRow / PAGE_ROWS); p <= Math.floor(Math.max(firstRow, lastRow - 1) / PAGE_ROWS); p++) fetchPage(p)
  }, [firstRow, lastRow, fetchPage])

  const startResize = (index: number, event: React.MouseEvent): void => {
    event.preventDefault()
    event.stopPropagation()
    const startX = event.clientX
    sized.current = true
    const startWidth = widths[index] ?? UNSIZED_WIDTH
    const move = (e: MouseEvent): void => setWidths((w) => w.map((x, i) => (i === index ? Math.max(60, startWidth + e.clientX - startX) : x)))
    const up = (): void => {
      window.removeEventListener('mousemove', move)
      window.removeEventListener('mouseup', up)
    }
    window.addEventListener('mousemove', move)
    window.addEventListener('mouseup', up)
  }

  const template = `${ROW_NUMBER_WIDTH}px ${widths.map((w) => `${w}px`).join(' ')}`
  const totalWidth = ROW_NUMBER_WIDTH + widths.reduce((a, b) => a + b, 0)
  const rows: React.JSX.Element[] = []
  for (let r = firstRow; r < lastRow; r++) {
    const data = pages.current.get(Math.floor(r / PAGE_ROWS))?.[r % PAGE_ROWS]
    const top = ROW_HEIGHT + (scaled ? view.top + (r - firstRow) * ROW_HEIGHT : r * ROW_HEIGHT)
    rows.push(
      <div
        key={r}
        className="grid-row"
        role="row"
        aria-rowindex={r + 2}
        data-row={r}
        style={{ top, gridTemplateColumns: template, width: totalWidth }}
      >
        <div className="grid-cell rownum muted" role="rowheader">
          {(r + 1).toLocaleString('en-US')}
        </div>
        {columns.map((c, i) => {
          const text = data?.[i] ?? ''
          const breaks = text.includes('\n')
          return (
            <div
              key={c}
              className={breaks ? 'grid-cell has-breaks' : 'grid-cell'}
              role="gridcell"
              title={breaks ? 'Has line breaks (⏎): click to read it as written' : undefined}
              onClick={() => data !== undefined && setExpanded({ column: c, row: r, text })}
            >
              {data === undefined ? <span className="muted">…</span> : breaks ? oneLine(text.slice(0, 2000)) : text}
            </div>
          )
        })}
      </div>
    )
  }

  return (
    <div className="grid-wrap">
      {error !== null && (
        <div className="error-panel" role="alert">
          {error}
        </div>
      )}
      <div ref={scroller} className="grid-scroller" role="grid" aria-label="Rows of the file" aria-rowcount={numRows + 1} data-testid="grid">
        <div className="grid-spacer" style={{ height: spacerHeight + ROW_HEIGHT, width: totalWidth }}>
          <div className="grid-row grid-header" role="row" style={{ gridTemplateColumns: template, width: totalWidth }}>
            <div className="grid-cell rownum" role="columnheader">
              #
            </div>
            {columns.map((c, i) => (
              <div key={c} className="grid-cell mono" role="columnheader">
                {c}
                <span className="resize-handle" aria-hidden="true" onMouseDown={(e) => startResize(i, e)} />
              </div>
            ))}
          </div>
          {rows}
        </div>
      </div>
      {expanded !== null && (
        <CellDialog
          title={`${expanded.column} · row ${(expanded.row + 1).toLocaleString('en-US')}`}
          text={expanded.text}
          onClose={() => setExpanded(null)}
        />
      )}
    </div>
  )
}
