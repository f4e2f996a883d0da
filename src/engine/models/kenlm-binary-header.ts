import type { Fail } from './kenlm-binary-search'

/** The magic KenLM's binary files start with, and its beginning before the version (lm/binary_format.cc). */
const MAGIC = 'mmap lm http://kheafield.com/code format version 5\n\0'
const MAGIC_BEFORE_VERSION = 'mmap lm http://kheafield.com/code format version'
/** What build_binary writes first and replaces with the magic once the file is complete. */
const MAGIC_INCOMPLETE = 'mmap lm http://kheafield.com/code incomplete\n'
/** The header's fixed part (struct Sanity): the magic padded to 8 bytes, then test values of a 64-bit little-endian build. */
const SANITY_BYTES = 88
/** struct FixedWidthParameters: order (uint8), probing multiplier (float), model type (int), has vocabulary (bool), search version (uint). */
const FIXED_BYTES = 20

/** KenLM's model types (lm/model_type.hh) by number, named as lm/binary_format.cc names them. */
export const MODEL_TYPES = [
  'probing hash tables',
  'probing hash tables with rest costs',
  'trie',
  'trie with quantization',
  'trie with array-compressed pointers',
  'trie with quantization and array-compressed pointers'
] as const
export const PROBING = 0
const REST_PROBING = 1
export const QUANT_TRIE = 3
export const ARRAY_TRIE = 4
export const QUANT_ARRAY_TRIE = 5

/** The search version KenLM's loader expects of each data structure (HashedSearch::kVersion, TrieSearch::kVersion). */
const SEARCH_VERSION = { probing: 0, trie: 1 }

export interface KenlmHeader {
  order: number
  probingMultiplier: number
  modelType: number
  hasVocabulary: boolean
  /** N-grams of each order, from unigrams. */
  counts: number[]
  /** Where the data structures start: the header's size rounded up to 8 bytes. */
  bytes: number
}

export function align8(n: number): number {
  return Math.ceil(n / 8) * 8
}

function sanityReference(): Buffer {
  const b = Buffer.alloc(SANITY_BYTES)
  b.write(MAGIC, 0, 'latin1')
  b.writeFloatLE(0, 56)
  b.writeFloatLE(1, 60)
  b.writeFloatLE(-0.5, 64)
  b.writeUInt32LE(1, 68)
  b.writeUInt32LE(0xffffffff, 72)
  b.writeBigUInt64LE(1n, 80)
  return b
}

/**
 * Reads and checks a KenLM binary file's header from its first bytes (`head`, at least 2,200 of
 * them when the file has that many), refusing what Sieve cannot read with why.
 */
export function parseKenlmHeader(head: Buffer, fail: Fail): KenlmHeader {
  const reference = sanityReference()
  if (head.length < SANITY_BYTES || !head.subarray(0, SANITY_BYTES).equals(reference)) {
    if (head.length < SANITY_BYTES && head.equals(reference.subarray(0, head.length))) fail(`it ends within its header, after ${head.length} bytes`)
    const text = head.toString('latin1', 0, Math.min(head.length, 80))
    if (text.startsWith(MAGIC_INCOMPLETE)) fail('build_binary did not finish writing it (its header still says incomplete): build it again')
    if (text.startsWith(MAGIC_BEFORE_VERSION)) {
      const version = /^ (\d+)/.exec(text.slice(MAGIC_BEFORE_VERSION.length))?.[1]
      if (version !== undefined && version !== '5')
        fail(
          `it is in KenLM's binary format version ${version}; Sieve reads version 5, which KenLM has written since 2011: build it again from its ARPA file`
        )
      fail("its header's test values are not those of a 64-bit little-endian build of KenLM")
    }
    fail("it does not begin with KenLM's header ('mmap lm http://kheafield.com/code format version 5')")
  }
  if (head.length < SANITY_BYTES + FIXED_BYTES) fail(`it ends within its header, after ${head.length} bytes`)
  const order = head.readUInt8(SANITY_BYTES)
  const probingMultiplier = head.readFloatLE(SANITY_BYTES + 4)
  const modelType = head.readInt32LE(SANITY_BYTES + 8)
  const hasVocabulary = head.readUInt8(SANITY_BYTES + 12) !== 0
  const searchVersion = head.readUInt32LE(SANITY_BYTES + 16)
  if (modelType < 0 || modelType >= MODEL_TYPES.length) fail(`its header gives model type ${modelType}, which KenLM does not have`)
  if (modelType === REST_PROBING)
    fail(
      `it holds ${MODEL_TYPES[modelType]} (build_binary -r), which Sieve does not read: build it again with build_binary probing (the default) or trie`
    )
  const expectedVersion = modelType === PROBING ? SEARCH_VERSION.probing : SEARCH_VERSION.trie
  if (searchVersion !== expectedVersion)
    fail(`it holds ${MODEL_TYPES[modelType]} version ${searchVersion}, but KenLM (and Sieve) read version ${expectedVersion}`)
  if (order < 2) fail(`its header gives order ${order}; KenLM models have order 2 or more`)
  if (modelType === PROBING && !(probingMultiplier >= 1)) fail(`its header gives a probing multiplier of ${probingMultiplier}, below 1`)
  const countsStart = SANITY_BYTES + FIXED_BYTES
  if (head.length < countsStart + 8 * order) fail(`it ends within its header, after ${head.length} bytes`)
  const counts: number[] = []
  for (let i = 0; i < order; i++) {
    const count = head.readBigUInt64LE(countsStart + 8 * i)
    if (count > BigInt(Number.MAX_SAFE_INTEGER)) fail(`its header gives ${count} ${i + 1}-grams`)
    counts.push(Number(count))
  }
  if (counts[0]! < 1) fail('its header gives no unigrams')
  return { order, probingMultiplier, modelType, hasVocabulary, counts, bytes: align8(countsStart + 8 * order) }
}
