import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { scratchDir } from '../testing'
import { DropSink } from './drop-sink'
import { SpillingClusters } from './spilling-clusters'

const scratch = scratchDir('spilling-clusters')
afterAll(() => scratch.remove())

/** The rows dropped after `unions`, by SpillingClusters with `maxBytes` (spilling under `dir`). */
function dropped(unions: [number, number][], maxBytes: number, dir?: string): { rows: number[]; clusters: SpillingClusters } {
  const clusters = new SpillingClusters({ maxBytes, ...(dir !== undefined ? { spillDir: dir } : {}) })
  for (const [a, b] of unions) clusters.union(a, b)
  const drops = new DropSink(Infinity)
  clusters.finish(drops)
  const rows: number[] = []
  for (const chunk of drops.sorted()) rows.push(...chunk)
  return { rows, clusters }
}

/** Every row of a cluster but its smallest, by a plain search over the graph. */
function expected(unions: [number, number][]): number[] {
  const next = new Map<number, number[]>()
  for (const [a, b] of unions) {
    next.set(a, [...(next.get(a) ?? []), b])
    next.set(b, [...(next.get(b) ?? []), a])
  }
  const seen = new Set<number>()
  const out: number[] = []
  for (const start of [...next.keys()].sort((a, b) => a - b)) {
    if (seen.has(start)) continue
    seen.add(start)
    const stack = [start]
    while (stack.length > 0)
      for (const n of next.get(stack.pop()!)!)
        if (!seen.has(n)) {
          seen.add(n)
          out.push(n)
          stack.push(n)
        }
  }
  return out.sort((a, b) => a - b)
}

/** About one union per two rows: many small clusters and a giant one; repeated pairs, a row united with itself, rows far apart. */
function randomUnions(seed: number): [number, number][] {
  let s = seed
  const next = (n: number): number => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) % n
  const unions = Array.from({ length: 3000 }, (): [number, number] => [next(6000), next(6000)])
  const big = 2 ** 40
  unions.push([big + 3, 5], [big + 1, big + 3], [5, 5], [big + 1, big + 3])
  return unions
}

function shuffled<T>(items: T[], seed: number): T[] {
  let s = seed
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0
    const j = s % (i + 1)
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

describe('SpillingClusters', () => {
  it('drops nothing without unions, spilling or not', () => {
    const dir = join(scratch.path, 'empty')
    expect(dropped([], 1, dir).rows).toEqual([])
    expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([])
  })

  it('joins a chain whose links fall in different spilled chunks, in any order, keeping its first row', () => {
    // 0-1-2-…-1999 with its links shuffled: a chunk of 64 rows holds scattered pieces that connect
    // only through rows shared with other chunks. A row is not the first of its piece in one chunk
    // at most, so one round over the runs finds each row that goes once.
    const chain = Array.from({ length: 1999 }, (_, i): [number, number] => [i + 1, i])
    const dir = join(scratch.path, 'chain')
    for (const seed of [1, 2, 3]) {
      const { rows, clusters } = dropped(shuffled(chain, seed), 1, dir)
      expect(rows).toEqual(Array.from({ length: 1999 }, (_, i) => i + 1))
      expect(clusters.spilled).toBeGreaterThan(20)
      expect(clusters.rounds).toBe(1)
      expect(readdirSync(dir)).toEqual([])
    }
  })

  it('decides as the union-find in memory over random graphs, repeated pairs and rows far apart, for any budget', () => {
    for (const seed of [7, 8]) {
      const unions = randomUnions(seed)
      const want = expected(unions)
      const inMemory = dropped(unions, Infinity)
      expect(inMemory.rows).toEqual(want)
      expect(inMemory.clusters.spilled).toBe(0)
      for (const maxBytes of [1, 20_000, 60_000]) {
        const dir = join(scratch.path, `random-${seed}-${maxBytes}`)
        const { rows, clusters } = dropped(unions, maxBytes, dir)
        expect(rows).toEqual(want)
        expect(clusters.spilled).toBeGreaterThan(0)
        // A giant component spread over every chunk: rounds merge it.
        expect(clusters.rounds).toBeGreaterThan(2)
        expect(readdirSync(dir)).toEqual([])
        if (maxBytes > 1) expect(clusters.peakBytes).toBeLessThanOrEqual(maxBytes)
      }
    }
  })

  it('reads the drops from the runs when no row has two targets: chunks that share no row', () => {
    // Pairs (2i, 2i+1): each chunk's clusters are whole, so one round finds every row once.
    const unions = Array.from({ length: 500 }, (_, i): [number, number] => [2 * i + 1, 2 * i])
    const dir = join(scratch.path, 'disjoint')
    const { rows, clusters } = dropped(unions, 1, dir)
    expect(rows).toEqual(Array.from({ length: 500 }, (_, i) => 2 * i + 1))
    expect(clusters.rounds).toBe(1)
    expect(readdirSync(dir)).toEqual([])
  })

  it('removes its runs when a round fails, and a second try decides the same', () => {
    const unions = randomUnions(5)
    const dir = join(scratch.path, 'fails')
    const clusters = new SpillingClusters({
      maxBytes: 1,
      spillDir: dir,
      roundDone: () => {
        throw new Error('injected')
      }
    })
    for (const [a, b] of unions) clusters.union(a, b)
    expect(() => clusters.finish(new DropSink(Infinity))).toThrow('injected')
    expect(readdirSync(dir)).toEqual([])
    expect(dropped(unions, 1, dir).rows).toEqual(expected(unions))
  })
})
