import { readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { scratchDir } from '../testing'
import { decideFromRuns, RUN_BUFFER_BYTES, type DecideOptions } from './decide'
import { DropSink } from './drop-sink'
import { fileSource, KeyRunBuilder, memorySource, sortedRows, type KeyShape, type RunSource } from './key-runs'
import { SparseUnionFind } from './sparse-union-find'

const scratch = scratchDir('decide')
afterAll(() => scratch.remove())

/** A partition's runs from each row's words (every table's key and payload, table by table). */
function runs(shape: KeyShape, rows: number[][]): Uint8Array {
  const builder = new KeyRunBuilder(shape)
  for (const row of rows) {
    const { words, at } = builder.nextRow()
    words.set(row, at)
  }
  return builder.encode()
}

function drops(shape: KeyShape, partitions: number[][][], options: Partial<DecideOptions> = {}): { positions: number[]; spilled: number } {
  const sources = partitions.map((rows, p) => memorySource(runs(shape, rows), `partition ${p}`))
  const decision = decideFromRuns(sources, shape, { budgetBytes: Infinity, ...options })
  const positions: number[] = []
  for (const chunk of decision.drops.sorted()) positions.push(...chunk)
  return { positions, spilled: decision.drops.spilled }
}

const EXACT: KeyShape = { tables: 1, keyWords: 4, payloadWords: 0 }
const md5 = (n: number): number[] => [n, 0xdeadbeef, n * 7, 0xffffffff - n]

describe('the global decision over sorted key runs', () => {
  it('keeps the first row of each exact key in input order, across partitions, ties and an empty partition', () => {
    // Positions: p0 = 0..3, p1 (empty), p2 = 4..5, p3 = 6.
    const partitions = [[md5(1), md5(2), md5(1), md5(1)], [], [md5(2), md5(3)], [md5(1)]]
    expect(drops(EXACT, partitions).positions).toEqual([2, 3, 4, 6])
    // The same rows cut into other partitions give the same positions.
    expect(drops(EXACT, [[md5(1)], [md5(2), md5(1), md5(1), md5(2)], [md5(3), md5(1)]]).positions).toEqual([2, 3, 4, 6])
  })

  it('orders keys by every word, not the first alone', () => {
    const near = [
      [1, 2, 3, 4],
      [1, 2, 3, 5],
      [0, 9, 9, 9],
      [1, 2, 3, 4]
    ]
    expect(drops(EXACT, [near]).positions).toEqual([3])
  })

  it('unites a row colliding in several bands, through rows that are not the first of their own band', () => {
    const BANDS: KeyShape = { tables: 3, keyWords: 2, payloadWords: 0 }
    // Row 2 is the first of its band-0 bucket (with row 3); row 3 also shares band 1 with row 1,
    // so 2 belongs to row 1's cluster and goes although no earlier row shares a bucket with it.
    const rows = [
      [10, 0, 20, 0, 30, 0],
      [11, 0, 21, 1, 31, 0],
      [12, 0, 22, 0, 32, 0],
      [12, 0, 21, 1, 33, 0],
      [14, 0, 24, 0, 30, 0],
      [15, 0, 25, 0, 35, 0]
    ]
    expect(drops(BANDS, [rows]).positions).toEqual([2, 3, 4])
    expect(drops(BANDS, [rows.slice(0, 2), [], rows.slice(2, 5), rows.slice(5)]).positions).toEqual([2, 3, 4])
    // Bands differ in their second word only: not a collision.
    expect(
      drops(BANDS, [
        [
          [1, 1, 5, 5, 6, 6],
          [1, 2, 7, 7, 8, 8]
        ]
      ]).positions
    ).toEqual([])
  })

  it('asks a payload shape which rows of a group are duplicates (SimHash: the whole hash within the distance)', () => {
    const SIM: KeyShape = { tables: 1, keyWords: 2, payloadWords: 2 }
    const rows = [
      [7, 0, 0b1111, 0],
      [7, 0, 0b0000, 0],
      [7, 0, 0b0111, 0],
      [8, 0, 0b1111, 0]
    ]
    const uniteGroup: DecideOptions['uniteGroup'] = (payloads, positions, size, unite) => {
      for (let i = 0; i < size; i++)
        for (let j = i + 1; j < size; j++) {
          const x = payloads[2 * i]! ^ payloads[2 * j]!
          if (x.toString(2).replace(/0/g, '').length <= 1) unite(positions[i]!, positions[j]!)
        }
    }
    expect(drops(SIM, [rows], { uniteGroup }).positions).toEqual([2])
  })

  it('reads run files from disk, an empty one among them, with a budget so small that the positions to drop spill, and decides the same', () => {
    const rows = Array.from({ length: 5000 }, (_, i) => md5(i % 1234))
    const partitions = [rows.slice(0, 2000), [], rows.slice(2000)]
    const paths = partitions.map((p, i) => {
      const path = join(scratch.path, `runs-${i}.keys`)
      writeFileSync(path, runs(EXACT, p))
      return path
    })
    const expected = Array.from({ length: 5000 - 1234 }, (_, i) => 1234 + i)
    const sources: RunSource[] = paths.map(fileSource)
    const spillDir = join(scratch.path, 'spill')
    const decision = decideFromRuns(sources, EXACT, { budgetBytes: 512, spillDir })
    const positions: number[] = []
    for (const chunk of decision.drops.sorted()) positions.push(...chunk)
    expect(decision.drops.spilled).toBeGreaterThan(10)
    expect(positions).toEqual(expected)
    expect(readdirSync(spillDir)).toEqual([])
    expect(drops(EXACT, partitions).positions).toEqual(expected)
  })

  it('reads each run a bounded buffer at a time however large the budget, so its memory does not grow with the partitions', () => {
    const rows = Array.from({ length: 6000 }, (_, i) => md5(i % 2500))
    let largestRead = 0
    const sources = [rows.slice(0, 4000), rows.slice(4000)].map((p, i): RunSource => {
      const source = memorySource(runs(EXACT, p), `partition ${i}`)
      return {
        name: source.name,
        read(into, position) {
          largestRead = Math.max(largestRead, into.byteLength)
          return source.read(into, position)
        }
      }
    })
    const decision = decideFromRuns(sources, EXACT, { budgetBytes: Infinity })
    const positions: number[] = []
    for (const chunk of decision.drops.sorted()) positions.push(...chunk)
    expect(positions).toEqual(Array.from({ length: 3500 }, (_, i) => 2500 + i))
    // A run of 4000 rows is 80 KB: read whole, the buffers would be as large as the runs.
    expect(largestRead).toBeGreaterThan(RUN_BUFFER_BYTES / 2)
    expect(largestRead).toBeLessThanOrEqual(RUN_BUFFER_BYTES)
  })

  it('spills the union-find of rows colliding in several bands past a tiny budget, and decides as in memory', () => {
    const BANDS: KeyShape = { tables: 4, keyWords: 2, payloadWords: 0 }
    let s = 3
    const next = (n: number): number => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) % n
    // Band keys from few values: rows collide in several bands, and clusters join through rows
    // merged in other bands, so they connect only across the union-find's spilled chunks.
    const rows = Array.from({ length: 4000 }, () => Array.from({ length: 8 }, (_, w) => (w % 2 === 0 ? next(3000) : 7)))
    const partitions = [rows.slice(0, 1500), [], rows.slice(1500, 1501), rows.slice(1501)]
    const sources = partitions.map((p) => memorySource(runs(BANDS, p)))
    const inMemory = decideFromRuns(sources, BANDS, { budgetBytes: Infinity })
    const spillDir = join(scratch.path, 'bands')
    const spilled = decideFromRuns(sources, BANDS, { budgetBytes: 4096, spillDir })
    const positions = (decision: typeof inMemory): number[] => {
      const out: number[] = []
      for (const chunk of decision.drops.sorted()) out.push(...chunk)
      return out
    }
    const expected = positions(inMemory)
    expect(expected.length).toBeGreaterThan(1000)
    expect(inMemory.clusterSpills).toBe(0)
    expect(positions(spilled)).toEqual(expected)
    expect(spilled.clusterSpills).toBeGreaterThan(10)
    expect(spilled.clusterRounds).toBeGreaterThan(1)
    expect(spilled.unionFindBytes).toBeLessThan(inMemory.unionFindBytes / 10)
    expect(readdirSync(spillDir)).toEqual([])
  })

  it('refuses run files of another shape, or that are not run files', () => {
    const other = memorySource(runs({ tables: 2, keyWords: 2, payloadWords: 0 }, [[1, 2, 3, 4]]), 'other.keys')
    expect(() => decideFromRuns([other], EXACT, { budgetBytes: 1024 })).toThrow(/other.keys holds keys of another shape/)
    expect(() => decideFromRuns([memorySource(new Uint8Array(40), 'zeros.keys')], EXACT, { budgetBytes: 1024 })).toThrow(
      /zeros.keys is not a Sieve key-run file/
    )
  })
})

describe('sortedRows', () => {
  it('orders by key words as unsigned integers, ties in row order, the radix sort agreeing with a comparison sort', () => {
    let s = 1
    const next = (): number => (s = (Math.imul(s, 1103515245) + 12345) >>> 0)
    const n = 6000
    // Few distinct keys (many ties), with high bits set to catch signed comparisons.
    const keys = Uint32Array.from({ length: n * 2 }, (_, i) => (i % 2 === 0 ? (next() % 50) * 0x05000000 : next() % 3))
    const order = [...sortedRows(keys, n, 2)]
    const expected = Array.from({ length: n }, (_, i) => i).sort(
      (a, b) => keys[2 * a]! - keys[2 * b]! || keys[2 * a + 1]! - keys[2 * b + 1]! || a - b
    )
    expect(order).toEqual(expected)
    const small = [...sortedRows(keys.subarray(0, 200), 100, 2)]
    expect(small).toEqual(expected.filter((i) => i < 100))
  })
})

describe('SparseUnionFind', () => {
  it('keeps the smallest position of each cluster, whatever the order of unions, over positions far apart', () => {
    const uf = new SparseUnionFind()
    const big = 2 ** 40
    uf.union(big + 5, big + 3)
    uf.union(7, big + 5)
    uf.union(9, 8)
    uf.union(8, big)
    for (let i = 0; i < 5000; i++) uf.union(100000 + 2 * i, 100000 + 2 * i + 1)
    const nonRoots: number[] = []
    uf.forEachNonRoot((p) => nonRoots.push(p))
    expect(uf.size).toBe(6 + 10000)
    expect(nonRoots.sort((a, b) => a - b)).toEqual([9, ...Array.from({ length: 5000 }, (_, i) => 100000 + 2 * i + 1), big, big + 3, big + 5])
  })
})

describe('DropSink', () => {
  it('gives positions back ascending and once each, from memory or merged from spills', () => {
    const values = Array.from({ length: 3000 }, (_, i) => (i * 7919) % 2500)
    const expected = [...new Set(values)].sort((a, b) => a - b)
    for (const [capacity, dir] of [
      [Infinity, undefined],
      [100, join(scratch.path, 'sink')]
    ] as const) {
      const sink = new DropSink(capacity, dir)
      for (const v of values) sink.add(v)
      const out: number[] = []
      for (const chunk of sink.sorted()) out.push(...chunk)
      expect(out).toEqual(expected)
      expect(sink.spilled).toBe(dir === undefined ? 0 : 29)
    }
  })
})
