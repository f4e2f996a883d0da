/**
 * The MinHash kernels in WebAssembly SIMD, 4 lanes at a time with no bounds checks; minhash-signature.ts
 * falls back to JS where WebAssembly SIMD is missing. The module is assembled here from its
 * instructions rather than shipped as a binary, so the source is the reviewable text below. It exports
 * its memory as `memory` and two functions (pointers are byte offsets into that memory):
 *
 *   permute(seeds, minimums, hashes, count, groups) — for each group of 4 permutations, lowers the 4
 *   u32 minimums at `minimums` to the minimum over `count` u32 hashes at `hashes` of fmix32(hash ^ seed)
 *   (i32x4.mul is Math.imul per lane, i32x4.min_u the unsigned minimum).
 *
 *   sha1x4(blocks, out, groups) — SHA-1 of 4 one-block messages at a time, one per lane: the 64-byte
 *   padded blocks lie one after another at `blocks`, and each message's sha1Hash32 (the first 4
 *   digest bytes read little-endian) goes to the u32s at `out`. A one-block message's first digest
 *   word is H0 + a after the 80 rounds, so only `a` is finished.
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

/** Signed LEB128, for i32.const. */
function sleb(value: number): number[] {
  const out: number[] = []
  for (;;) {
    const byte = value & 0x7f
    value >>= 7
    if ((value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0)) return [...out, byte]
    out.push(byte | 0x80)
  }
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

const SWAP_BYTES = [3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12]
const simdOps = {
  v128Load32Zero: (offset: number) => op.simd(0x5c, 0, ...uleb(offset)),
  v128Load32Lane: (offset: number, lane: number) => op.simd(0x56, 0, ...uleb(offset), lane),
  v128Store: () => op.simd(0x0b, 0, 0),
  i8x16Swizzle: () => op.simd(0x0e),
  bytes: (bytes: number[]) => op.simd(0x0c, ...bytes),
  v128And: () => op.simd(0x4e),
  v128Or: () => op.simd(0x50),
  v128Bitselect: () => op.simd(0x52),
  i32x4Shl: () => op.simd(0xab),
  i32x4Add: () => op.simd(0xae)
}

/** The SHA-1 function's body: its parameters, then locals, and the 80 rounds unrolled. */
function sha1x4Body(): number[] {
  const [BLOCKS, OUT, GROUPS, END] = [0, 1, 2, 3]
  // v128 locals: the 16-word message schedule window, then the five working variables.
  const W = Array.from({ length: 16 }, (_, i) => 4 + i)
  const vars = [20, 21, 22, 23, 24]
  const get = op.get
  const rotl = (n: number): number[] => [
    ...op.tee(25),
    ...op.i32(n),
    ...simdOps.i32x4Shl(),
    ...get(25),
    ...op.i32(32 - n),
    ...op.i32x4ShrU(),
    ...simdOps.v128Or()
  ]
  const code: number[] = [...get(GROUPS), ...op.i32(8), ...op.i32Shl, ...get(BLOCKS), ...op.i32Add, ...op.set(END)]
  code.push(...op.block, ...op.loop, ...get(BLOCKS), ...get(END), ...op.i32GeU, ...op.brIf(1))
  // Word j of the 4 messages into the lanes of W[j], byte-swapped from big-endian.
  for (let j = 0; j < 16; j++) {
    code.push(...get(BLOCKS), ...simdOps.v128Load32Zero(4 * j), ...op.set(W[j]!))
    for (let lane = 1; lane < 4; lane++)
      code.push(...get(BLOCKS), ...get(W[j]!), ...simdOps.v128Load32Lane(64 * lane + 4 * j, lane), ...op.set(W[j]!))
    code.push(...get(W[j]!), ...simdOps.bytes(SWAP_BYTES), ...simdOps.i8x16Swizzle(), ...op.set(W[j]!))
  }
  const H = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0]
  vars.forEach((local, i) => code.push(...op.v128Const(H[i]!), ...op.set(local)))
  // Working variables are renamed each round instead of moved: after a round, e's local holds the new a.
  let [a, b, c, d, e] = vars as [number, number, number, number, number]
  for (let j = 0; j < 80; j++) {
    const w = W[j & 15]!
    if (j >= 16) {
      code.push(
        ...get(W[(j - 3) & 15]!),
        ...get(W[(j - 8) & 15]!),
        ...op.v128Xor(),
        ...get(W[(j - 14) & 15]!),
        ...op.v128Xor(),
        ...get(w),
        ...op.v128Xor()
      )
      code.push(...rotl(1), ...op.set(w))
    }
    // t = rotl5(a) + f(b, c, d) + e + K + w, into e's local
    code.push(...get(a), ...rotl(5))
    if (j < 20) code.push(...get(c), ...get(d), ...get(b), ...simdOps.v128Bitselect())
    else if (j >= 40 && j < 60) code.push(...get(c), ...get(b), ...get(b), ...get(d), ...op.v128Xor(), ...simdOps.v128Bitselect())
    else code.push(...get(b), ...get(c), ...op.v128Xor(), ...get(d), ...op.v128Xor())
    code.push(...simdOps.i32x4Add(), ...get(e), ...simdOps.i32x4Add())
    code.push(...op.v128Const([0x5a827999, 0x6ed9eba1, 0x8f1bbcdc, 0xca62c1d6][Math.floor(j / 20)]!), ...simdOps.i32x4Add())
    code.push(...get(w), ...simdOps.i32x4Add(), ...op.set(e))
    code.push(...get(b), ...rotl(30), ...op.set(b))
    ;[a, b, c, d, e] = [e, a, b, c, d]
  }
  code.push(
    ...get(OUT),
    ...op.v128Const(H[0]!),
    ...get(a),
    ...simdOps.i32x4Add(),
    ...simdOps.bytes(SWAP_BYTES),
    ...simdOps.i8x16Swizzle(),
    ...simdOps.v128Store()
  )
  code.push(...get(BLOCKS), ...op.i32(256), ...op.i32Add, ...op.set(BLOCKS))
  code.push(...get(OUT), ...op.i32(16), ...op.i32Add, ...op.set(OUT), ...op.br(0), ...op.end, ...op.end, ...op.end)
  return [
    ...vector([
      [1, I32],
      [22, V128]
    ]),
    ...code
  ]
}

const sha1Body = sha1x4Body()

const MODULE = new Uint8Array([
  ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
  ...section(
    1,
    vector([
      [0x60, ...vector([[I32], [I32], [I32], [I32], [I32]]), 0x00],
      [0x60, ...vector([[I32], [I32], [I32]]), 0x00]
    ])
  ),
  ...section(3, vector([[0], [1]])),
  ...section(5, vector([[0x00, 1]])),
  ...section(
    7,
    vector([
      [...name('memory'), 0x02, 0],
      [...name('permute'), 0x00, 0],
      [...name('sha1x4'), 0x00, 1]
    ])
  ),
  ...section(
    10,
    vector([
      [...uleb(body.length), ...body],
      [...uleb(sha1Body.length), ...sha1Body]
    ])
  )
])

export interface MinhashKernel {
  memory: WebAssembly.Memory
  permute(seeds: number, minimums: number, hashes: number, count: number, groups: number): void
  sha1x4(blocks: number, out: number, groups: number): void
}

/** A fresh instance (its own memory), or null where the runtime lacks WebAssembly SIMD. */
export function minhashKernel(): MinhashKernel | null {
  if (typeof WebAssembly === 'undefined' || !WebAssembly.validate(MODULE)) return null
  const exports = new WebAssembly.Instance(new WebAssembly.Module(MODULE)).exports
  return exports as unknown as MinhashKernel
}
