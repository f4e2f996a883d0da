import { describe, expect, it } from 'vitest'
import { COALESCE_MS, HISTORY_LIMIT, recordEdit, redoStep, undoStep, type RecipeHistory, type RecipeSnapshot } from './recipe-history'

const snap = (yaml: string, key: string | null = null, at = 0): RecipeSnapshot => ({ yaml, chain: [], yamlProblem: null, selected: null, key, at })
const empty: RecipeHistory = { past: [], future: [] }

describe('the recipe history', () => {
  it('undoes edits one by one and redoes them in order', () => {
    let h = recordEdit(empty, snap('a'))
    h = recordEdit(h, snap('b'))
    const first = undoStep(h, snap('c'))!
    expect(first.to.yaml).toBe('b')
    const second = undoStep(first.history, first.to)!
    expect(second.to.yaml).toBe('a')
    expect(undoStep(second.history, second.to)).toBeNull()
    const again = redoStep(second.history, second.to)!
    expect(again.to.yaml).toBe('b')
    expect(redoStep(again.history, again.to)!.to.yaml).toBe('c')
  })

  it('makes typing in one field one step, but not edits of two fields or edits far apart', () => {
    let h = recordEdit(empty, snap('min 2', 'param:a:min_len', 0))
    h = recordEdit(h, snap('min 25', 'param:a:min_len', 300))
    h = recordEdit(h, snap('min 250', 'param:a:min_len', 600))
    expect(h.past.map((s) => s.yaml)).toEqual(['min 2'])
    h = recordEdit(h, snap('max', 'param:a:max_len', 700))
    h = recordEdit(h, snap('max 9', 'param:a:max_len', 700 + COALESCE_MS + 1))
    expect(h.past.map((s) => s.yaml)).toEqual(['min 2', 'max', 'max 9'])
    // Chain edits carry no key: each is its own step.
    h = recordEdit(recordEdit(empty, snap('x')), snap('y'))
    expect(h.past).toHaveLength(2)
  })

  it('forgets what was undone once a new edit is made, and keeps at most HISTORY_LIMIT steps', () => {
    const h = recordEdit(empty, snap('a'))
    const undone = undoStep(h, snap('b'))!
    expect(undone.history.future).toHaveLength(1)
    expect(recordEdit(undone.history, snap('a')).future).toEqual([])
    let long = empty
    for (let i = 0; i < HISTORY_LIMIT + 5; i++) long = recordEdit(long, snap(String(i)))
    expect(long.past).toHaveLength(HISTORY_LIMIT)
    expect(long.past[0]!.yaml).toBe('5')
  })
})
