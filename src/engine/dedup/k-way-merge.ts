/** A sorted source read in order: `advance` moves to its next record and says whether there was one. */
export interface MergeCursor {
  advance(): boolean
}

/**
 * Visits the current record of every cursor in the order `before` defines, advancing the visited
 * cursor each time: a binary heap of cursors, so each record costs log(cursors) comparisons.
 */
export function mergeCursors<C extends MergeCursor>(cursors: C[], before: (a: C, b: C) => boolean, visit: (cursor: C) => void): void {
  const heap = cursors.filter((c) => c.advance())
  const siftDown = (i: number): void => {
    for (;;) {
      const l = 2 * i + 1
      if (l >= heap.length) return
      const r = l + 1
      const m = r < heap.length && before(heap[r]!, heap[l]!) ? r : l
      if (!before(heap[m]!, heap[i]!)) return
      ;[heap[m], heap[i]] = [heap[i]!, heap[m]!]
      i = m
    }
  }
  for (let i = (heap.length >> 1) - 1; i >= 0; i--) siftDown(i)
  while (heap.length > 0) {
    const top = heap[0]!
    visit(top)
    if (!top.advance()) {
      const last = heap.pop()!
      if (heap.length === 0) return
      heap[0] = last
    }
    siftDown(0)
  }
}
