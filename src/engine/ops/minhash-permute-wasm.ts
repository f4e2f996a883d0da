/**
 * The MinHash permutation kernel in WebAssembly SIMD: for each group of 4 permutations, the minimum
 * over all shingle hashes of fmix32(hash ^ seed), 4 lanes at a time (i32x4.mul is Math.imul per lane,
 * i32x4.min_u the unsigned minimum). It is 4× fewer operations than the JS loop it stands in for, with
 * no bounds checks; minhash-signature.ts falls back to that loop where WebAssembly SIMD is missing.
 *
 * The module is assembled here from its instructions rather than shipped as a binary, so the source is
 * the reviewable text below. Its exported function:
 *   permute(seeds, minimums, hashes, count, groups)
 * reads `groups` × 4 u32 seeds at byte offset `seeds`, lowers the `groups` × 4 u32 minimums at
 * `minimums`, over `count` u32 hashes at `hashes`. The memory is exported as `memory`.
 */

/** Unsigned LEB128, as the binary format writes sizes, indices and SIMD sub-opcodes. */
function uleb(value: number): number[] {
  const out: number[] = []
  do {
    let byte = value & 0x7f
    value >>>= 7
    if (value !== 0) byte |= 0x80
    out.push(byte)
  } while (value !== 0)
  return out
}

/** Signed LEB128, for i32.const. Only small non-negative constants are used, so one byte below 64. */
function sleb(value: number): number[] {
  if (value < 0 || value >= 64) throw new Error(`sleb: ${value} out of the range this assembler needs`)
  return [value]
}

const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body]
const vector = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()]
const name = (text: string): number[] => [...uleb(text.length), ...[...text].map((c) => c.charCodeAt(0))]

const I32 = 0x7f
const V128 = 0x7b
const op = {
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  end: [0x0b],
  br: (depth: number) => [0x0c, ...uleb(depth)],
  brIf: (depth: number) => [0x0d, ...uleb(depth)],
  get: (local: number) => [0x20, ...uleb(local)],
  set: (local: number) => [0x21, ...uleb(local)],
  tee: (local: number) => [0x22, ...uleb(local)],
  i32: (value: number) => [0x41, ...sleb(value)],
  i32GeU: [0x4f],
  i32Add: [0x6a],
  i32Shl: [0x74],
  simd: (code: number, ...immediates: number[]) => [0xfd, ...uleb(code), ...immediates],
  /** memarg: alignment hint 0 (any address), offset 0. */
  v128Load: () => op.simd(0x00, 0, 0),
  v128Load32Splat: () => op.simd(0x09, 0, 0),
  v128Store: () => op.simd(0x0b, 0, 0),
  v128Const: (lane: number) =>
    op.simd(0x0c, ...Array.from({ length: 4 }, () => [lane & 0xff, (lane >>> 8) & 0xff, (lane >>> 16) & 0xff, lane >>> 24]).flat()),
  v128Xor: () => op.simd(0x51),
  i32x4ShrU: () => op.simd(0xad),
  i32x4Mul: () => op.simd(0xb5),
  i32x4MinU: () => op.simd(0xb7)
}

// Parameters 0–4, then locals.
const [SEEDS, MINIMUMS, HASHES, COUNT, GROUPS] = [0, 1, 2, 3, 4]
const [AT, HASH_AT, HASHES_END, GROUPS_END, X, MIN, SEED] = [5, 6, 7, 8, 9, 10, 11]

/** x ^= x >>> shift, with x in local X; leaves x on the stack and in X. */
const xorShift = (shift: number): number[] => [...op.get(X), ...op.get(X), ...op.i32(shift), ...op.i32x4ShrU(), ...op.v128Xor(), ...op.tee(X)]

const body = [
  ...vector([
    [4, I32],
    [3, V128]
  ]),
  ...[...op.get(GROUPS), ...op.i32(4), ...op.i32Shl, ...op.set(GROUPS_END)],
  ...[...op.get(COUNT), ...op.i32(2), ...op.i32Shl, ...op.set(HASHES_END)],
  ...op.block,
  ...op.loop,
  // for (at = 0; at < groups × 16; at += 16): one group of 4 permutations, its minimum kept in MIN
  ...[...op.get(AT), ...op.get(GROUPS_END), ...op.i32GeU, ...op.brIf(1)],
  ...[...op.get(SEEDS), ...op.get(AT), ...op.i32Add, ...op.v128Load(), ...op.set(SEED)],
  ...[...op.get(MINIMUMS), ...op.get(AT), ...op.i32Add, ...op.v128Load(), ...op.set(MIN)],
  ...[...op.i32(0), ...op.set(HASH_AT)],
  ...op.block,
  ...op.loop,
  ...[...op.get(HASH_AT), ...op.get(HASHES_END), ...op.i32GeU, ...op.brIf(1)],
  // x = fmix32(hash ^ seed) in every lane; min = min_u(min, x)
  ...[...op.get(HASHES), ...op.get(HASH_AT), ...op.i32Add, ...op.v128Load32Splat(), ...op.get(SEED), ...op.v128Xor(), ...op.set(X)],
  ...xorShift(16),
  ...[...op.v128Const(0x85ebca6b), ...op.i32x4Mul(), ...op.set(X)],
  ...xorShift(13),
  ...[...op.v128Const(0xc2b2ae35), ...op.i32x4Mul(), ...op.set(X)],
  ...xorShift(16),
  ...[...op.get(MIN), ...op.i32x4MinU(), ...op.set(MIN)],
  ...[...op.get(HASH_AT), ...op.i32(4), ...op.i32Add, ...op.set(HASH_AT)],
  ...op.br(0),
  ...op.end,
  ...op.end,
  ...[...op.get(MINIMUMS), ...op.get(AT), ...op.i32Add, ...op.get(MIN), ...op.v128Store()],
  ...[...op.get(AT), ...op.i32(16), ...op.i32Add, ...op.set(AT)],
  ...op.br(0),
  ...op.end,
  ...op.end,
  ...op.end
]

const MODULE = new Uint8Array([
  ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
  ...section(1, vector([[0x60, ...vector([[I32], [I32], [I32], [I32], [I32]]), 0x00]])),
  ...section(3, vector([[0]])),
  ...section(5, vector([[0x00, 1]])),
  ...section(
    7,
    vector([
      [...name('memory'), 0x02, 0],
      [...name('permute'), 0x00, 0]
    ])
  ),
  ...section(10, vector([[...uleb(body.length), ...body]]))
])

export interface PermuteKernel {
  memory: WebAssembly.Memory
  permute(seeds: number, minimums: number, hashes: number, count: number, groups: number): void
}

/** A fresh instance (its own memory), or null where the runtime lacks WebAssembly SIMD. */
export function permuteKernel(): PermuteKernel | null {
  if (typeof WebAssembly === 'undefined' || !WebAssembly.validate(MODULE)) return null
  const exports = new WebAssembly.Instance(new WebAssembly.Module(MODULE)).exports
  return exports as unknown as PermuteKernel
}
